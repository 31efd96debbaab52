using KafkaCron.Core.Jobs;
using KafkaCron.Kafka.Topics;
using KafkaCron.Scheduler.Hosting;
using KafkaCron.Scheduler.JobFiles;

namespace KafkaCron.Scheduler.Tests.Hosting;

public sealed class ClusterTopicsTests
{
    private readonly List<string[]> _ensured = [];
    private readonly HashSet<string> _unavailable = new(StringComparer.Ordinal);
    private readonly ClusterTopics _topics;

    public ClusterTopicsTests()
    {
        _topics = new ClusterTopics(Ensure, cluster => [$"jobs.{cluster}", $"retry.{cluster}"], ["control"]);
    }

    [Fact]
    public void EnsureBeforeApplying_BeforeTheStart_LeavesItToTheStart()
    {
        _topics.EnsureBeforeApplying(File("cluster-a"));

        Assert.Empty(_ensured);
    }

    [Fact]
    public async Task EnsureAtStartAsync_EnsuresEveryClustersTopicsAndTheSharedOnesAtOnce()
    {
        await _topics.EnsureAtStartAsync(["cluster-a", "cluster-b"], CancellationToken.None);

        Assert.Equal(["jobs.cluster-a", "retry.cluster-a", "jobs.cluster-b", "retry.cluster-b", "control"], Assert.Single(_ensured));
    }

    [Fact]
    public async Task EnsureBeforeApplying_AReloadAddingACluster_EnsuresOnlyTheNewClustersTopicsOnce()
    {
        await _topics.EnsureAtStartAsync(["cluster-a"], CancellationToken.None);

        _topics.EnsureBeforeApplying(File("cluster-a", "cluster-c"));
        _topics.EnsureBeforeApplying(File("cluster-a", "cluster-c"));

        Assert.Equal(["jobs.cluster-c", "retry.cluster-c"], _ensured[^1]);
        Assert.Equal(2, _ensured.Count);
    }

    [Fact]
    public async Task EnsureBeforeApplying_NewClustersTopicsUnavailable_RefusesTheFileNamingTheClusterAndTriesAgainNextTime()
    {
        await _topics.EnsureAtStartAsync(["cluster-a"], CancellationToken.None);
        _unavailable.Add("jobs.cluster-c");

        var refused = Assert.Throws<JobFileNotAppliedException>(() => _topics.EnsureBeforeApplying(File("cluster-a", "cluster-c")));

        Assert.Contains("cluster-c", refused.Message, StringComparison.Ordinal);
        Assert.Contains("lacks jobs.cluster-c", refused.Message, StringComparison.Ordinal);
        _unavailable.Clear();
        _topics.EnsureBeforeApplying(File("cluster-a", "cluster-c"));
        Assert.Equal(3, _ensured.Count);
    }

    private Task Ensure(IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        _ensured.Add([.. topics]);
        var missing = topics.Where(_unavailable.Contains).ToList();
        return missing.Count == 0
            ? Task.CompletedTask
            : Task.FromException(new TopicsUnavailableException("Kafka lacks " + string.Join(", ", missing)));
    }

    private static JobFile File(params string[] clusters) => new([.. clusters.Select(c => new ClusterDefinition(c))], []);
}
