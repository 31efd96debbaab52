using KafkaCron.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class EndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stack_TwoClustersTwoWorkersEach_EveryPublishedFireRunsOnceAndOnlyOnItsCluster()
    {
        await using var stack = await KcronStack.StartAsync(partitions: 2);
        stack.WriteJobFile(JobFiles.EverySecond(stack.RunLog.Command, ("cluster-a", 6), ("cluster-b", 3)));
        var scheduler = stack.StartScheduler();
        stack.StartWorker("cluster-a", "a-w1");
        stack.StartWorker("cluster-a", "a-w2");
        stack.StartWorker("cluster-b", "b-w1");
        stack.StartWorker("cluster-b", "b-w2");

        await Eventually.TrueAsync(
            () => stack.RunLog.Runs().Count >= 60 && stack.RunLog.Runs().Where(r => r.Cluster == "cluster-a").Select(r => r.Worker).Distinct().Count() == 2,
            Patience, () => $"runs so far: {stack.RunLog.Runs().Count}\n{stack.Transcript()}");
        scheduler.Signal(PosixSignalNumber.Terminate);
        Assert.Equal(0, await scheduler.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var published = new[] { "cluster-a", "cluster-b" }
            .SelectMany(cluster => TopicReader.ReadFiresWithoutCanary(stack.BootstrapServers, $"kcron.jobs.{cluster}", cluster, Patience))
            .ToList();
        await Eventually.TrueAsync(
            () => published.Select(f => f.FireId).ToHashSet().IsSubsetOf(stack.RunLog.Runs().Select(r => r.FireId)),
            Patience, () => $"published {published.Count}, ran {stack.RunLog.Runs().Count}\n{stack.Transcript()}");

        var runs = stack.RunLog.Runs();
        output.WriteLine($"published {published.Count} fires, {runs.Count} runs");
        foreach (var group in runs.GroupBy(r => r.Worker).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {group.Key}: {group.Count()} runs of {group.Select(r => r.Job).Distinct().Count()} jobs");
        }

        Assert.All(runs, run => Assert.StartsWith(run.Cluster == "cluster-a" ? "a-" : "b-", run.Worker, StringComparison.Ordinal));
        Assert.All(runs, run => Assert.StartsWith(run.Cluster, run.Job, StringComparison.Ordinal));
        // At least once: every published fire ran. A fire in flight on a partition that a joining worker takes over
        // may run twice; the count is reported, and bounded by the pipeline's capacity per rebalance.
        var distinctRuns = runs.Select(r => r.FireId).Distinct().Count();
        output.WriteLine($"re-runs: {runs.Count - distinctRuns}");
        Assert.Equal(published.Count, distinctRuns);
        Assert.Empty(runs.Select(r => r.FireId).Except(published.Select(f => f.FireId)));
        Assert.Equal(2, runs.Where(r => r.Cluster == "cluster-a").Select(r => r.Worker).Distinct().Count());
    }
}
