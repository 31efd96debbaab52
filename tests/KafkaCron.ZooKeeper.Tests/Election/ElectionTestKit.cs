using System.Diagnostics;
using KafkaCron.Core.Leadership;
using KafkaCron.ZooKeeper.Checkpoint;
using KafkaCron.ZooKeeper.Client;
using KafkaCron.ZooKeeper.Election;
using KafkaCron.ZooKeeper.Tests.Fixtures;
using Xunit.Abstractions;

namespace KafkaCron.ZooKeeper.Tests.Election;

/// <summary>Electors, stores and raw clients for one test's own deployment id; <see cref="DisposeAllAsync"/> ends them all.</summary>
internal sealed class ElectionTestKit(ITestOutputHelper output)
{
    // 4 s, not 2: at 2 s the lease bound is 1.33 s, and a scheduling stall of that length on two busy cores ended
    // leases in tests that were not about timing (seen in CI: "no reply from ZooKeeper for 1452 ms").
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(4);

    private readonly List<IAsyncDisposable> _owned = [];

    public string DeploymentId { get; } = "t" + Guid.NewGuid().ToString("N")[..10];

    public string ElectionPath => $"/kcron/{DeploymentId}/election";

    public ZooKeeperElectionOptions Options(string replicaId, string connectionString, TimeSpan? sessionTimeout = null) => new()
    {
        ConnectionString = connectionString,
        DeploymentId = DeploymentId,
        ReplicaId = replicaId,
        SessionTimeout = sessionTimeout ?? SessionTimeout,
        RetryInterval = TimeSpan.FromMilliseconds(200),
    };

    public ZooKeeperLeaderElector Elector(string replicaId, string connectionString, TimeSpan? sessionTimeout = null) =>
        Elector(replicaId, connectionString, out _, sessionTimeout);

    public ZooKeeperLeaderElector Elector(string replicaId, string connectionString, out TestLogger<ZooKeeperLeaderElector> logger, TimeSpan? sessionTimeout = null)
    {
        logger = new TestLogger<ZooKeeperLeaderElector>(output, replicaId);
        var elector = new ZooKeeperLeaderElector(Options(replicaId, connectionString, sessionTimeout), TimeProvider.System, logger);
        _owned.Add(elector);
        return elector;
    }

    public ZooKeeperCheckpointStore Store(ZooKeeperLeaderElector elector, string connectionString) =>
        new(elector, Options("store", connectionString), TimeProvider.System, new TestLogger<ZooKeeperCheckpointStore>(output, "store"));

    public async Task<ZooKeeperClient> ClientAsync(string connectionString)
    {
        var client = await ZooKeeperClient.ConnectAsync(
            ZooKeeperClientOptions.Parse(connectionString, SessionTimeout), TimeProvider.System, new TestOutputLogger(output, "observer"), default);
        _owned.Add(client);
        return client;
    }

    public void Own(IAsyncDisposable disposable) => _owned.Add(disposable);

    /// <summary>Asserts that <paramref name="task"/> is still pending after <paramref name="window"/>: a "never happens" check needs a window.</summary>
    public static async Task AssertPendingAsync(Task task, TimeSpan window, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(window));
        Assert.True(finished != task, $"{what} completed but should still be waiting");
    }

    public static double MillisecondsBetween(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    public async Task DisposeAllAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            try
            {
                await owned.DisposeAsync();
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or ZooKeeperException)
            {
                // Tests deliberately leave sessions broken; their cleanup may fail the same way.
            }
        }
    }
}

internal static class LeadershipExtensions
{
    public static ZooKeeperLeadership Term(this ILeadership leadership) => (ZooKeeperLeadership)leadership;
}
