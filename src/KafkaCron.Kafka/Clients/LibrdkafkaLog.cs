using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Clients;

/// <summary>
/// librdkafka's own log lines (<c>%3|…|FAIL|…</c>), which Confluent.Kafka would otherwise print raw on stderr on top
/// of the structured log, routed through the logger (event 1003) and rate-limited: a broker that is down makes
/// every client repeat the same line every few hundred milliseconds. Per client and facility, the first line of
/// each <see cref="Window"/> is logged, and the lines held back before it are counted in it. Thread-safe.
/// </summary>
internal sealed partial class LibrdkafkaLog(ILogger logger, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Client, string Facility), (long Since, int Held)> _recent = [];

    public void OnLog(string clientId, LogMessage message)
    {
        var level = message.LevelAs(LogLevelType.MicrosoftExtensionsLogging) switch
        {
            int value and >= 0 and <= 6 => (LogLevel)value,
            _ => LogLevel.Information,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        int held;
        lock (_gate)
        {
            var key = (clientId, message.Facility);
            var now = time.GetTimestamp();
            if (_recent.TryGetValue(key, out var last) && time.GetElapsedTime(last.Since, now) < Window)
            {
                _recent[key] = (last.Since, last.Held + 1);
                return;
            }

            held = last.Held;
            _recent[key] = (now, 0);
        }

        ClientLine(logger, level, clientId, message.Facility, message.Message, held);
    }

    [LoggerMessage(EventId = 1003, Message = "librdkafka {ClientId} {Facility}: {Line} ({Held} similar line(s) held back since the last)")]
    private static partial void ClientLine(ILogger logger, LogLevel level, string clientId, string facility, string line, int held);
}
