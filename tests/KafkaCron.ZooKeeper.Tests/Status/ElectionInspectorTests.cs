using KafkaCron.Core.Leadership;
using KafkaCron.ZooKeeper.Status;
using KafkaCron.ZooKeeper.Tests.Election;
using KafkaCron.ZooKeeper.Tests.Fixtures;
using Xunit.Abstractions;

namespace KafkaCron.ZooKeeper.Tests.Status;

[Collection(ZooKeeperCollection.Name)]
public sealed class ElectionInspectorTests(ZooKeeperFixture zk, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly ElectionTestKit _kit = new(output);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _kit.DisposeAllAsync();

    [SkippableFact]
    public async Task ReadAsync_LeaderStandbyAndCheckpoint_ReportsThemInOrder()
    {
        zk.SkipIfUnavailable();
        var a = _kit.Elector("host-a:1", zk.ConnectionString);
        var b = _kit.Elector("host-b:2", zk.ConnectionString);
        var leadership = await a.AcquireAsync(default).WaitAsync(Wait);
        var standby = b.AcquireAsync(default);
        var upTo = DateTimeOffset.UnixEpoch.AddDays(20_000);
        await _kit.Store(a, zk.ConnectionString).WriteAsync(leadership, new ScheduleCheckpoint
        {
            ScheduledUpTo = upTo,
            LastFired = new Dictionary<string, DateTimeOffset> { ["backup"] = upTo },
        }, default);
        await Eventually.TrueAsync(async () => (await ReadAsync()).Candidates.Count == 2, Wait, "b's candidacy");

        var status = await ReadAsync();

        Assert.True(status.DeploymentExists);
        Assert.Equal(["host-a:1", "host-b:2"], status.Candidates.Select(c => c.ReplicaId));
        Assert.Equal(leadership.Epoch, status.Epoch);
        Assert.Equal(upTo, status.Checkpoint!.ScheduledUpTo);
        Assert.Null(status.CheckpointError);
        output.WriteLine(ElectionStatusFormatter.Format(status, TimeProvider.System.GetUtcNow()));
        Assert.False(standby.IsCompleted);
    }

    [SkippableFact]
    public async Task ReadAsync_UnknownDeployment_ReportsItDoesNotExist()
    {
        zk.SkipIfUnavailable();

        var status = await ReadAsync();

        Assert.False(status.DeploymentExists);
        Assert.Empty(status.Candidates);
    }

    private Task<ElectionStatus> ReadAsync() => ElectionInspector.ReadAsync(
        zk.ConnectionString, _kit.DeploymentId, "/kcron", TimeProvider.System, new TestOutputLogger(output, "status"), default);
}
