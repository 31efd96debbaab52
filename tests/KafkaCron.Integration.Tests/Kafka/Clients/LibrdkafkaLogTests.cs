using Confluent.Kafka;
using KafkaCron.Integration.Tests.Worker;
using KafkaCron.Kafka.Clients;

namespace KafkaCron.Integration.Tests.Kafka.Clients;

public sealed class LibrdkafkaLogTests
{
    [Fact]
    public void OnLog_SameFacilityRepeated_OneLinePerWindowCountingTheLinesHeldBack()
    {
        var logs = new CapturingLoggerFactory();
        var clock = new ManualClock();
        var log = new LibrdkafkaLog(logs.CreateLogger("librdkafka"), clock);
        var fail = new LogMessage("rdkafka#producer-1", SyslogLevel.Error, "FAIL", "127.0.0.1:1/bootstrap: Connect failed: Connection refused");

        for (var i = 0; i < 100; i++)
        {
            log.OnLog("kcron-worker-w1", fail);
        }

        log.OnLog("kcron-worker-w1", new LogMessage("rdkafka#producer-1", SyslogLevel.Error, "REQTMOUT", "timed out"));
        clock.Advance(RepeatLimiter<int>.Window);
        log.OnLog("kcron-worker-w1", fail);

        var lines = logs.Entries.Where(e => e.EventId == 1003).Select(e => e.Message).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains("FAIL", lines[0], StringComparison.Ordinal);
        Assert.Contains("REQTMOUT", lines[1], StringComparison.Ordinal);
        Assert.Contains("(99 similar line(s) held back", lines[2], StringComparison.Ordinal);
        Assert.All(logs.Entries, e => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, e.Level));
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
