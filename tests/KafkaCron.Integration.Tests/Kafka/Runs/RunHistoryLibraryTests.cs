using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Publishing;
using KafkaCron.Kafka.Runs;
using KafkaCron.Kafka.Triggering;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.Integration.Tests.Kafka.Runs;

/// <summary>The history reader, the manual trigger and the run follower against the mock cluster.</summary>
public sealed class RunHistoryLibraryTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly MockKafkaWithTopics _kafka = new();
    private readonly DateTimeOffset _now = TimeProvider.System.GetUtcNow();

    private string RunsTopic => _kafka.Topics.Runs(MockKafkaWithTopics.Cluster);

    [Fact]
    public async Task ReadAsync_Since_StartsAtTheOffsetOfThatTimeSoOlderRecordsAreNeverRead()
    {
        // Garbage before the window would show as skipped if it were read at all.
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            await _kafka.WriteAsync(RunsTopic, key, "garbage"u8.ToArray(), _now.AddHours(-3));
        }

        await WriteAsync(Run("a", RunOutcomes.Succeeded, _now.AddHours(-2)), _now.AddHours(-2));
        await WriteAsync(Run("a", RunOutcomes.Failed, _now.AddMinutes(-30)), _now.AddMinutes(-30));
        await WriteAsync(Run("b", RunOutcomes.Succeeded, _now.AddMinutes(-10)), _now.AddMinutes(-10));

        var history = await Reader().ReadAsync(Query(since: _now.AddHours(-1)), CancellationToken.None);

        Assert.Equal([("a", RunOutcomes.Failed), ("b", RunOutcomes.Succeeded)], history.Runs.Select(r => (r.Job, r.Outcome)));
        Assert.Empty(history.Skipped);
    }

    [Fact]
    public async Task ReadAsync_GarbageInTheWindow_IsSkippedReportedAndCountedAndTheRestIsRead()
    {
        await WriteAsync(Run("a", RunOutcomes.Succeeded, _now.AddMinutes(-3)), _now.AddMinutes(-3));
        var garbage = await _kafka.WriteAsync(RunsTopic, "a", "{\"schemaVersion\":1,\"job\":"u8.ToArray(), _now.AddMinutes(-2));
        await WriteAsync(Run("a", RunOutcomes.Failed, _now.AddMinutes(-1)), _now.AddMinutes(-1));

        var history = await Reader().ReadAsync(Query(since: _now.AddHours(-1)), CancellationToken.None);

        Assert.Equal([RunOutcomes.Succeeded, RunOutcomes.Failed], history.Runs.Select(r => r.Outcome));
        var skipped = Assert.Single(history.Skipped);
        Assert.Equal((garbage.Topic, garbage.Partition.Value, garbage.Offset.Value), (skipped.Topic, skipped.Partition, skipped.Offset));
        Assert.Contains("invalid JSON", skipped.Error, StringComparison.Ordinal);
        Assert.Equal(1, _kafka.Metrics.Sum("kcron.records.undecodable"));
    }

    [Fact]
    public async Task ReadAsync_JobAndFailedFilters_KeepTheNewestMatchesUpToTheLimit()
    {
        for (var i = 0; i < 6; i++)
        {
            await WriteAsync(Run("a", i % 2 == 0 ? RunOutcomes.Failed : RunOutcomes.Succeeded, _now.AddMinutes(i - 10)), _now.AddMinutes(i - 10));
            await WriteAsync(Run("b", RunOutcomes.TimedOut, _now.AddMinutes(i - 10)), _now.AddMinutes(i - 10));
        }

        var history = await Reader().ReadAsync(Query(since: _now.AddHours(-1)) with { Job = "a", FailedOnly = true, Limit = 2 }, CancellationToken.None);

        Assert.Equal([_now.AddMinutes(-8), _now.AddMinutes(-6)], history.Runs.Select(r => r.FinishedAt));
        Assert.All(history.Runs, r => Assert.Equal(("a", RunOutcomes.Failed), (r.Job, r.Outcome)));
        Assert.Equal(3, history.Matched);
    }

    [Fact]
    public async Task ReadAsync_NoFilterButTime_ReadsOnlyTheLastLimitRecordsOfEachPartition()
    {
        // One job: one partition. Garbage early on proves the read started past it.
        await _kafka.WriteAsync(RunsTopic, "a", "garbage"u8.ToArray(), _now.AddMinutes(-20));
        for (var i = 0; i < 5; i++)
        {
            await WriteAsync(Run("a", RunOutcomes.Succeeded, _now.AddMinutes(i - 10)), _now.AddMinutes(i - 10));
        }

        var history = await Reader().ReadAsync(Query(since: _now.AddHours(-1)) with { Limit = 3 }, CancellationToken.None);

        Assert.Equal(3, history.Runs.Count);
        Assert.Equal(_now.AddMinutes(-6), history.Runs[^1].FinishedAt);
        Assert.Empty(history.Skipped);
    }

    [Fact]
    public async Task ReadAsync_RecordsWrittenDuringTheRead_AreNotWaitedFor()
    {
        await WriteAsync(Run("a", RunOutcomes.Succeeded, _now.AddMinutes(-1)), _now.AddMinutes(-1));
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!writing.IsCancellationRequested)
            {
                await WriteAsync(Run("a", RunOutcomes.Succeeded, TimeProvider.System.GetUtcNow()), null);
            }
        });

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var history = await Reader().ReadAsync(Query(since: _now.AddHours(-1)) with { Limit = 1_000_000 }, CancellationToken.None);
        await writing.CancelAsync();
        await writer;

        Assert.NotEmpty(history.Runs);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, Timeout);
    }

    [Fact]
    public async Task ReadAsync_ClusterWithoutARunsTopic_SaysSoInOneLine()
    {
        var refused = await Assert.ThrowsAsync<KafkaUnavailableException>(
            () => Reader().ReadAsync(Query(since: _now.AddHours(-1)) with { Cluster = "cluster-z" }, CancellationToken.None));

        Assert.Equal($"Kafka at {_kafka.Kafka.BootstrapServers} has no topic kcron.runs.cluster-z", refused.Message);
    }

    [Fact]
    public async Task ReadAsync_KafkaUnreachable_FailsWithinTheTimeout()
    {
        var clients = new KafkaClientFactory(
            Options.Create(new KafkaOptions { BootstrapServers = "127.0.0.1:" + FreePort.Next() }),
            _kafka.Metrics.Metrics, NullLogger<KafkaClientFactory>.Instance);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<KafkaUnavailableException>(
            () => new KafkaRunHistoryReader(clients, _kafka.Metrics.Metrics, TimeSpan.FromSeconds(2)).ReadAsync(Query(since: _now), CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task TriggerAsync_Job_PublishesAManualFireOfItToItsClustersJobsTopic()
    {
        var job = new JobDefinition { Name = "backup", Schedule = "@daily", Cluster = MockKafkaWithTopics.Cluster, Command = "echo hi", ConcurrencyPolicy = ConcurrencyPolicy.Forbid };

        var manual = await new KafkaManualTrigger(_kafka.Clients, TimeProvider.System, Timeout).TriggerAsync(job, CancellationToken.None);

        Assert.Equal("kcron.jobs.cluster-a", manual.Receipt.Topic);
        using var consumer = _kafka.Clients.CreateReadBackConsumer("test-reader", 10);
        consumer.Assign(new Confluent.Kafka.TopicPartitionOffset(manual.Receipt.Topic, manual.Receipt.Partition, manual.Receipt.Offset));
        var record = consumer.Consume(TimeSpan.FromSeconds(10));
        Assert.Equal("backup", record.Message.Key);
        var fire = FireMessageCodec.Decode(record.Message.Value, MockKafkaWithTopics.Cluster).Fire!;
        Assert.Equal(manual.Fire.FireId, fire.FireId);
        Assert.Equal(FireTriggers.Manual, fire.Trigger);
        Assert.Null(fire.Epoch);
        Assert.Equal("forbid", fire.ConcurrencyPolicy);
        Assert.Equal(7, Guid.Parse(fire.FireId).Version);
    }

    [Fact]
    public async Task FollowAsync_FromAMarkTakenBeforeTheFire_YieldsEveryRecordOfThatFireAndNoOther()
    {
        var follower = new KafkaRunFollower(_kafka.Clients, Timeout);
        await WriteAsync(Run("a", RunOutcomes.Failed, _now) with { FireId = "mine" }, null);
        var mark = await follower.MarkEndAsync(MockKafkaWithTopics.Cluster, CancellationToken.None);
        await WriteAsync(Run("a", RunOutcomes.Succeeded, _now) with { FireId = "other" }, null);
        await WriteAsync(Run("a", RunOutcomes.Failed, _now) with { FireId = "mine", Attempt = 1 }, null);
        await _kafka.WriteAsync(RunsTopic, "a", "garbage"u8.ToArray());
        await WriteAsync(Run("a", RunOutcomes.Succeeded, _now) with { FireId = "mine", Attempt = 2 }, null);

        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<RunRecord>();
        await foreach (var run in follower.FollowAsync(mark, "mine", enough.Token))
        {
            seen.Add(run);
            if (seen.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([1, 2], seen.Select(r => r.Attempt));
        Assert.All(seen, r => Assert.Equal("mine", r.FireId));
    }

    [Fact]
    public async Task FollowAllAsync_FromTheMarkOfATime_YieldsEveryLaterRecordAndHowFarEachPartitionIsReadThenWhatComesNext()
    {
        var follower = new KafkaRunFollower(_kafka.Clients, Timeout);
        await WriteAsync(Run("a", RunOutcomes.Failed, _now.AddHours(-3)) with { FireId = "too-old" }, _now.AddHours(-3));
        await WriteAsync(Run("a", RunOutcomes.Succeeded, _now.AddMinutes(-5)) with { FireId = "recent" }, _now.AddMinutes(-5));
        await _kafka.WriteAsync(RunsTopic, "a", "garbage"u8.ToArray());
        var mark = await follower.MarkAtAsync(MockKafkaWithTopics.Cluster, _now.AddHours(-1), CancellationToken.None);
        var partition = Assert.Single(mark, p => p.Offset == 1).Partition;

        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<FollowedRun>();
        await foreach (var batch in follower.FollowAllAsync(mark, enough.Token))
        {
            seen.AddRange(batch);
            if (seen.Any(f => f.Next.Partition == partition && f.Next.Offset == 3) && !seen.Any(f => f.Run?.FireId == "later"))
            {
                // Written while it follows: it comes too.
                await WriteAsync(Run("a", RunOutcomes.Succeeded, _now) with { FireId = "later" }, _now);
            }

            if (seen.Any(f => f.Run?.FireId == "later"))
            {
                break;
            }
        }

        Assert.Equal(["recent", "later"], seen.Select(f => f.Run?.FireId).OfType<string>());
        // The garbage between them took the partition one further without a run record.
        Assert.Equal([2L, 3L, 4L], seen.Where(f => f.Next.Partition == partition).Select(f => f.Next.Offset).Distinct().Order());
        Assert.All(seen, f => Assert.Equal(RunsTopic, f.Next.Topic));
    }

    public void Dispose() => _kafka.Dispose();

    private KafkaRunHistoryReader Reader() => new(_kafka.Clients, _kafka.Metrics.Metrics, Timeout);

    private static RunHistoryQuery Query(DateTimeOffset since) => new() { Cluster = MockKafkaWithTopics.Cluster, Since = since };

    private async Task WriteAsync(RunRecord run, DateTimeOffset? timestamp)
    {
        var message = FireRecord.Build(run);
        if (timestamp is { } at)
        {
            message.Timestamp = new Confluent.Kafka.Timestamp(at.UtcDateTime);
        }

        await _kafka.Producer.ProduceAsync(RunsTopic, message);
    }

    private static RunRecord Run(string job, string outcome, DateTimeOffset finishedAt) => TestRuns.Ran(MockKafkaWithTopics.Cluster, job, outcome, finishedAt);
}
