using KafkaCron.Integration.Tests.EndToEnd;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.RealKafka.Tests;

[Collection(RealKafkaCollection.Name)]
public sealed class EndToEndOnRealKafkaTests(RealKafkaFixture kafka)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [SkippableFact]
    public async Task Stack_OnRealKafka_CreatesItsTopicsAndRunsEveryPublishedFireOnItsCluster()
    {
        Skip.If(kafka.SkipReason is not null, kafka.SkipReason);
        await using var stack = KcronStack.Against(kafka.BootstrapServers, partitions: 2);
        stack.WriteJobFile(JobFiles.EverySecond(stack.RunLog.Command, ("cluster-a", 4), ("cluster-b", 2)));

        // The scheduler creates the topics through the admin API, which the mock cluster cannot do.
        var scheduler = stack.StartScheduler();
        await Eventually.TrueAsync(() => stack.RunLog.Runs().Count > 0 || scheduler.Lines.Any(l => l.Contains("Created topic", StringComparison.Ordinal)),
            Patience, stack.Transcript);
        stack.StartWorker("cluster-a", "a-w1");
        stack.StartWorker("cluster-a", "a-w2");
        stack.StartWorker("cluster-b", "b-w1");
        await Eventually.TrueAsync(() => stack.RunLog.Runs().Count >= 30, Patience, stack.Transcript);
        scheduler.Signal(PosixSignalNumber.Terminate);
        await scheduler.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var published = new[] { "cluster-a", "cluster-b" }
            .SelectMany(cluster => TopicReader.ReadFires(stack.BootstrapServers, $"kcron.jobs.{cluster}", cluster, Patience))
            .ToList();
        await Eventually.TrueAsync(
            () => published.Select(f => f.FireId).ToHashSet().IsSubsetOf(stack.RunLog.Runs().Select(r => r.FireId)),
            Patience, stack.Transcript);
        Assert.All(stack.RunLog.Runs(), run => Assert.StartsWith(run.Cluster == "cluster-a" ? "a-" : "b-", run.Worker, StringComparison.Ordinal));
    }
}
