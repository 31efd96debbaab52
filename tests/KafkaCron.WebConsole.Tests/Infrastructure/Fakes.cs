using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.WebConsole.DeadLetters;
using KafkaCron.WebConsole.Status;
using KafkaCron.ZooKeeper.Status;

namespace KafkaCron.WebConsole.Tests.Infrastructure;

// In-memory stand-ins for what the status page and some dead-letter tests read, where librdkafka's mock cluster cannot
// answer (it describes no consumer group) or a test wants records no worker would write. Run history, trigger and
// pause/resume have none: their tests use the mock cluster and a real worker.

/// <summary>Dead letters held in memory; a replay is recorded instead of published.</summary>
internal sealed class FakeDeadLetterStore : IDeadLetterStore
{
    public Dictionary<string, List<DeadLetterEntry>> Entries { get; } = new(StringComparer.Ordinal);

    public List<FireMessage> Replayed { get; } = [];

    public IReadOnlyList<DeadLetterEntry> ReadNewest(string cluster, CancellationToken cancellationToken) =>
        Entries.GetValueOrDefault(cluster) ?? [];

    public Task<FireMessage> ReplayAsync(string cluster, FireMessage fire, CancellationToken cancellationToken)
    {
        var fresh = KafkaCron.Core.Retry.Replay.Fresh(fire, DateTimeOffset.UnixEpoch);
        Replayed.Add(fresh);
        return Task.FromResult(fresh);
    }
}

internal sealed class FakeGroupInspector : IConsumerGroupInspector
{
    public Task<GroupView> ReadAsync(string group, string topic, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(new GroupView(group, topic, "Stable",
            group.EndsWith("-retry", StringComparison.Ordinal)
                ? [new MemberView($"kcron-worker-{group[6..]}", "/10.0.0.9", [0, 1])]
                : [new MemberView("kcron-worker-w1", "/10.0.0.7", [0]), new MemberView("kcron-worker-w2", "/10.0.0.8", [1])],
            [new PartitionLagView(0, 1_204, 1_210, 6), new PartitionLagView(1, 998, 998, 0)]));
}

internal sealed class FakeElectionReader(TimeProvider time) : IElectionReader
{
    public Task<ElectionStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return Task.FromResult(new ElectionStatus
        {
            DeploymentId = "default",
            DeploymentExists = true,
            Candidates = [new("candidate-0000000003", "scheduler-0", now.AddHours(-3)), new("candidate-0000000004", "scheduler-1", now.AddHours(-2))],
            Epoch = 7,
            EpochChangedAt = now.AddHours(-3),
            Checkpoint = new Core.Leadership.ScheduleCheckpoint { Epoch = 7, WrittenAt = now.AddSeconds(-4), ScheduledUpTo = now, LastFired = new Dictionary<string, DateTimeOffset>() },
        });
    }
}

internal static class KafkaDown
{
    public static KafkaException Exception() => new(new Error(ErrorCode.Local_AllBrokersDown, "1/1 brokers are down"));
}
