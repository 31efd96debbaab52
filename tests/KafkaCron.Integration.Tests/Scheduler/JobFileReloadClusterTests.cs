using KafkaCron.Integration.Tests.EndToEnd;
using KafkaCron.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.Scheduler;

/// <summary>
/// A reload that adds a cluster: its topics are ensured before the new schedule runs. Against the mock cluster,
/// which cannot create topics, a cluster whose topics the broker already has is applied, and one whose topics are
/// missing is refused with the cluster named while the running schedule goes on.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class JobFileReloadClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Scheduler_ReloadAddingACluster_PublishesToItsTopicOnlyWhenItsTopicsExist()
    {
        // The broker has the topics of cluster-a and cluster-b; the job file starts with cluster-a alone.
        await using var stack = await KcronStack.StartAsync(2, "cluster-a", "cluster-b");
        stack.WriteJobFile(JobFile(["cluster-a"]));
        var settings = Path.Combine(stack.Directory, "settings.yaml");
        await File.WriteAllTextAsync(settings, "Kafka:\n  StartupTimeoutSeconds: 3\nScheduler:\n  CanaryEnabled: false\n");
        var scheduler = stack.StartScheduler(null, "--config", settings);
        await scheduler.WaitForLineAsync("Watching", Patience);

        stack.WriteJobFile(JobFile(["cluster-a", "cluster-b"]));
        await scheduler.WaitForLineAsync("Reloaded job file", Patience);
        await Eventually.TrueAsync(
            () => TopicReader.ReadFires(stack.BootstrapServers, "kcron.jobs.cluster-b", "cluster-b", TimeSpan.FromSeconds(5)).Any(f => f.Job == "every-second-cluster-b"),
            Patience, () => scheduler.Transcript);

        stack.WriteJobFile(JobFile(["cluster-a", "cluster-b", "cluster-z"]));
        var refusal = await scheduler.WaitForLineAsync("Did not apply the changed job file", Patience);
        output.WriteLine(refusal);
        Assert.Contains("cluster-z", refusal, StringComparison.Ordinal);
        Assert.Contains("kcron.jobs.cluster-z", refusal, StringComparison.Ordinal);

        // The running schedule goes on: cluster-b keeps getting fires after the refusal.
        var before = TopicReader.ReadFires(stack.BootstrapServers, "kcron.jobs.cluster-b", "cluster-b", TimeSpan.FromSeconds(5)).Count;
        await Eventually.TrueAsync(
            () => TopicReader.ReadFires(stack.BootstrapServers, "kcron.jobs.cluster-b", "cluster-b", TimeSpan.FromSeconds(5)).Count > before,
            Patience, () => scheduler.Transcript);
        Assert.False(scheduler.HasExited, scheduler.Transcript);
    }

    private static string JobFile(IReadOnlyList<string> clusters) =>
        $"clusters: [{string.Join(", ", clusters)}]\njobs:\n" + string.Concat(clusters.Select(cluster => $"""
              - name: every-second-{cluster}
                schedule: "@every 1s"
                cluster: {cluster}
                command: "true"

            """));
}
