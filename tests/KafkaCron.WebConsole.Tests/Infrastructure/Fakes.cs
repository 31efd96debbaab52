using Confluent.Kafka;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.WebConsole.Control;
using KafkaCron.WebConsole.DeadLetters;
using KafkaCron.WebConsole.Runs;
using KafkaCron.WebConsole.Status;
using KafkaCron.ZooKeeper.Status;

namespace KafkaCron.WebConsole.Tests.Infrastructure;

/// <summary>
/// In-memory stand-ins for the console's ports, for page and API tests. <see cref="FakeRunHistory"/> and
/// <see cref="FakeJobTrigger"/> together behave like a worker: a trigger becomes a run record a moment later.
/// </summary>
internal sealed class FakeRunHistory : IRunHistory
{
    private readonly Lock _gate = new();
    private readonly List<RunRecord> _runs = [];

    public Exception? Failure { get; set; }

    public void Add(RunRecord run)
    {
        lock (_gate)
        {
            _runs.Add(run);
        }
    }

    public Task<IReadOnlyList<RunRecord>> ReadAsync(RunQuery query, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            IReadOnlyList<RunRecord> matching = _runs
                .Where(r => r.Cluster == query.Cluster && (query.Job is null || r.Job == query.Job) && (query.Since is null || r.At >= query.Since))
                .OrderBy(r => r.At)
                .TakeLast(query.Limit)
                .ToList();
            return Task.FromResult(matching);
        }
    }
}

/// <param name="runAfter">How long the "worker" takes before the run record appears; null records nothing.</param>
internal sealed class FakeJobTrigger(FakeRunHistory history, TimeProvider time, TimeSpan? runAfter) : IJobTrigger
{
    public List<string> Triggered { get; } = [];

    public Exception? Failure { get; set; }

    public Task<string> TriggerAsync(JobDefinition job, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        var fireId = "manual-" + Guid.NewGuid().ToString("N")[..8];
        lock (Triggered)
        {
            Triggered.Add(job.Name);
        }

        if (runAfter is { } delay)
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(delay, CancellationToken.None);
                var now = time.GetUtcNow();
                history.Add(new RunRecord
                {
                    FireId = fireId,
                    Job = job.Name,
                    Cluster = job.Cluster,
                    ScheduledAt = now,
                    StartedAt = now,
                    FinishedAt = now.AddMilliseconds(120),
                    Duration = TimeSpan.FromMilliseconds(120),
                    Outcome = RunOutcomes.Succeeded,
                    ExitCode = 0,
                    Worker = "worker-a1",
                    Trigger = "manual",
                    StdoutTail = $"manual run of {job.Name} done\n",
                });
            }, CancellationToken.None);
        }

        return Task.FromResult(fireId);
    }
}

internal sealed class FakeJobPauses : IJobPauses
{
    private readonly HashSet<string> _paused = new(StringComparer.Ordinal);

    public Task<IReadOnlySet<string>> ReadPausedAsync(CancellationToken cancellationToken)
    {
        lock (_paused)
        {
            return Task.FromResult<IReadOnlySet<string>>(_paused.ToHashSet(StringComparer.Ordinal));
        }
    }

    public Task PauseAsync(string job, CancellationToken cancellationToken)
    {
        lock (_paused)
        {
            _paused.Add(job);
        }

        return Task.CompletedTask;
    }

    public Task ResumeAsync(string job, CancellationToken cancellationToken)
    {
        lock (_paused)
        {
            _paused.Remove(job);
        }

        return Task.CompletedTask;
    }
}

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
