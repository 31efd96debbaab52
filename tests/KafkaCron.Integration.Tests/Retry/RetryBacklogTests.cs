using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Integration.Tests.EndToEnd;
using KafkaCron.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.Retry;

[Collection(EndToEndCollection.Name)]
public sealed class RetryBacklogTests(ITestOutputHelper output)
{
    private const int Backlog = 3_000;

    [Fact]
    public async Task Stack_LargeRetryBacklog_FirstRunsKeepTheirStartDelay()
    {
        await using var stack = await KcronStack.StartAsync(2, RetryStack.Cluster);
        var log = new AttemptLog(Path.Combine(stack.Directory, "attempts.log"));
        stack.WriteJobFile(RetryStack.JobFile(log, "{ maxAttempts: 1 }",
            ("punctual-1", "@every 1s", "true"), ("punctual-2", "@every 1s", "true")));
        await ProduceDueRetriesAsync(stack, log);
        await RetryStack.StartWorkersAsync(stack, [("main-1", false), ("retry-1", true)], concurrency: 2);
        var scheduler = stack.StartScheduler();

        // The retry worker is saturated for the whole test (3,000 retries of 0.2 s on two slots take minutes).
        await Eventually.TrueAsync(() => log.Entries().Count(e => e.IsStart && e.Job.StartsWith("punctual", StringComparison.Ordinal)) >= 20,
            TimeSpan.FromSeconds(60), stack.Transcript);
        scheduler.Signal(PosixSignalNumber.Terminate);
        Assert.Equal(0, await scheduler.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var scheduled = RetryStack.Fires(stack, "kcron.jobs").ToDictionary(f => f.FireId, f => f.ScheduledAt);
        var entries = log.Entries();
        var delays = entries.Where(e => e.IsStart && scheduled.ContainsKey(e.FireId))
            .Select(e => (e.At - scheduled[e.FireId]).TotalMilliseconds).Order().ToList();
        var retriesRun = entries.Count(e => e.IsStart && e.Job == "backlog");
        output.WriteLine($"first runs: {delays.Count}, start delay p50 {delays[delays.Count / 2]:F0} ms, " +
                         $"p99 {delays[(int)(delays.Count * 0.99)]:F0} ms, max {delays[^1]:F0} ms; " +
                         $"retries run meanwhile: {retriesRun} of {Backlog}");
        Assert.InRange(retriesRun, 1, Backlog - 1);
        Assert.True(delays[(int)(delays.Count * 0.99)] < 1_000, $"p99 start delay {delays[(int)(delays.Count * 0.99)]} ms");
    }

    private static async Task ProduceDueRetriesAsync(KcronStack stack, AttemptLog log)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = stack.BootstrapServers, LingerMs = 5 }).Build();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < Backlog; i++)
        {
            var fire = new FireMessage
            {
                FireId = Guid.NewGuid().ToString(),
                Job = "backlog",
                Cluster = RetryStack.Cluster,
                Command = log.Command("sleep 0.2"),
                ScheduledAt = now,
                PublishedAt = now,
                Attempt = 2,
                RemainingAttempts = 0,
                NotBefore = now,
            };
            // Spread over both partitions: the whole retry topic is backed up.
            producer.Produce(new TopicPartition($"kcron.retry.{RetryStack.Cluster}", i % 2),
                new Message<string, byte[]> { Key = fire.Job, Value = FireMessageCodec.Encode(fire) });
        }

        await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(30)));
    }
}
