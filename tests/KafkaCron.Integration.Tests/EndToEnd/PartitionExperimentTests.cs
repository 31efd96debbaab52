using System.Diagnostics;
using KafkaCron.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.EndToEnd;

/// <summary>
/// The partition experiment of docs/partitions.md: how partitions decide which workers of a group run jobs.
/// Each test prints the measured assignment; the numbers in the doc come from these runs.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PartitionExperimentTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task OnePartition_TwoWorkers_OneWorkerRunsEverythingTheOtherSitsIdle()
    {
        await using var stack = await KcronStack.StartAsync(partitions: 1, "cluster-a");
        stack.WriteJobFile(JobFiles.EverySecond(stack.RunLog.Command, ("cluster-a", 4)));
        stack.StartScheduler();
        var first = stack.StartWorker("cluster-a", "a-w1");
        var second = stack.StartWorker("cluster-a", "a-w2");

        await Eventually.TrueAsync(() => stack.RunLog.Runs().Count >= 40, Patience, stack.Transcript);

        var byWorker = Report(stack.RunLog.Runs());
        Assert.Single(byWorker);
        Assert.False(first.HasExited || second.HasExited, "both workers stay in the group");
    }

    [Fact]
    public async Task ThreePartitions_TwoWorkers_OneWorkerOwnsTwoPartitions()
    {
        await using var stack = await KcronStack.StartAsync(partitions: 3, "cluster-a");
        stack.WriteJobFile(JobFiles.EverySecond(stack.RunLog.Command, ("cluster-a", 9)));
        stack.StartScheduler();
        stack.StartWorker("cluster-a", "a-w1");
        stack.StartWorker("cluster-a", "a-w2");

        await Eventually.TrueAsync(() => stack.RunLog.Runs().Select(r => r.Worker).Distinct().Count() == 2, Patience, stack.Transcript);
        // A cooperative rebalance takes two rounds, each about a session timeout on the mock: count only fires
        // scheduled after a second round would have finished.
        var settledAt = DateTimeOffset.UtcNow.AddSeconds(8);
        // Every job run again after that: all three partitions have an owner that runs their jobs.
        await Eventually.TrueAsync(
            () => stack.RunLog.Runs().Where(r => r.ScheduledAt > settledAt).Select(r => r.Job).Distinct().Count() == 9,
            Patience, stack.Transcript);

        var owners = PartitionOwners(stack, after: settledAt);
        Assert.Equal(3, owners.Count);
        Assert.All(owners, partition => Assert.Single(partition.Value));
        var partitionsPerWorker = owners.GroupBy(p => p.Value.Single()).Select(g => g.Count()).Order().ToList();
        Assert.Equal([1, 2], partitionsPerWorker);
    }

    [Fact]
    public async Task WorkerKilled_SurvivorTakesOverItsPartitionsAndNoFireIsLost()
    {
        await using var stack = await KcronStack.StartAsync(partitions: 2, "cluster-a");
        stack.WriteJobFile(JobFiles.EverySecond(stack.RunLog.Command, ("cluster-a", 6)));
        var scheduler = stack.StartScheduler();
        var victim = stack.StartWorker("cluster-a", "a-w1");
        var survivor = stack.StartWorker("cluster-a", "a-w2");

        await Eventually.TrueAsync(() => stack.RunLog.Runs().Select(r => r.Worker).Distinct().Count() == 2, Patience, stack.Transcript);
        var settledAt = DateTimeOffset.UtcNow.AddSeconds(2);
        await Eventually.TrueAsync(() => stack.RunLog.Runs().Any(r => r.Worker == "a-w1" && r.ScheduledAt > settledAt), Patience, stack.Transcript);
        var victimJobs = stack.RunLog.Runs().Where(r => r.Worker == "a-w1" && r.ScheduledAt > settledAt).Select(r => r.Job).ToHashSet();
        var killedAt = DateTimeOffset.UtcNow;
        var sinceKill = Stopwatch.StartNew();
        victim.Signal(PosixSignalNumber.Kill);
        await Eventually.TrueAsync(
            () => stack.RunLog.Runs().Any(r => r.Worker == "a-w2" && victimJobs.Contains(r.Job) && r.ScheduledAt >= killedAt),
            Patience, () => survivor.Transcript);
        var takeover = sinceKill.Elapsed;
        var runsAtTakeover = stack.RunLog.Runs().Count;
        await Eventually.TrueAsync(() => stack.RunLog.Runs().Count >= runsAtTakeover + 24, Patience, () => survivor.Transcript);
        scheduler.Signal(PosixSignalNumber.Terminate);
        await scheduler.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var published = TopicReader.ReadFiresWithoutCanary(stack.BootstrapServers, "kcron.jobs.cluster-a", "cluster-a", Patience);
        await Eventually.TrueAsync(
            () => published.Select(f => f.FireId).ToHashSet().IsSubsetOf(stack.RunLog.Runs().Select(r => r.FireId)),
            Patience, () => survivor.Transcript);
        var runs = stack.RunLog.Runs();
        var reruns = runs.Count - runs.Select(r => r.FireId).Distinct().Count();
        output.WriteLine($"victim ran jobs {string.Join(", ", victimJobs.Order())}; survivor ran the first of them {takeover.TotalSeconds:F1} s after SIGKILL (--session-timeout-ms 6000)");
        output.WriteLine($"published {published.Count}, lost 0, re-run {reruns} (at-least-once: fires running on the victim when it died)");
        Report(runs);
        Assert.Empty(published.Select(f => f.FireId).Except(runs.Select(r => r.FireId)));
    }

    private Dictionary<int, HashSet<string>> PartitionOwners(KcronStack stack, DateTimeOffset after)
    {
        var partitionOfFire = TopicReader.ReadAll(stack.BootstrapServers, "kcron.jobs.cluster-a", Patience)
            .Select(r => (Record: r, Fire: Core.Messages.FireMessageCodec.Decode(r.Message.Value, "cluster-a").Fire!))
            .Where(x => x.Fire.ScheduledAt > after)
            .ToDictionary(x => x.Fire.FireId, x => x.Record.Partition.Value);
        var owners = stack.RunLog.Runs()
            .Where(r => partitionOfFire.ContainsKey(r.FireId))
            .GroupBy(r => partitionOfFire[r.FireId])
            .ToDictionary(g => g.Key, g => g.Select(r => r.Worker).ToHashSet());
        foreach (var (partition, workers) in owners.OrderBy(p => p.Key))
        {
            output.WriteLine($"partition {partition}: run by {string.Join(", ", workers.Order())}");
        }

        return owners;
    }

    private Dictionary<string, int> Report(IReadOnlyList<RunLog.Run> runs)
    {
        var byWorker = runs.GroupBy(r => r.Worker).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (worker, count) in byWorker.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {worker}: {count} runs");
        }

        return byWorker;
    }
}
