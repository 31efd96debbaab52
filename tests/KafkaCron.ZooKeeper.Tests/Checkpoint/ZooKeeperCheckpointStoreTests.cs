using System.Text;
using KafkaCron.Core.Leadership;
using KafkaCron.ZooKeeper.Client;
using KafkaCron.ZooKeeper.Election;
using KafkaCron.ZooKeeper.Tests.Election;
using KafkaCron.ZooKeeper.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace KafkaCron.ZooKeeper.Tests.Checkpoint;

[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperCheckpointStoreTests(ZooKeeperFixture zk, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset UpTo = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ElectionTestKit _kit = new(output);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _kit.DisposeAllAsync();

    private string CheckpointPath => $"/kcron/{_kit.DeploymentId}/checkpoint";

    [SkippableFact]
    public async Task ReadAsync_NothingWritten_ReturnsNull()
    {
        zk.SkipIfUnavailable();
        var store = _kit.Store(_kit.Elector("a", zk.ConnectionString), zk.ConnectionString);

        Assert.Null(await store.ReadAsync(default));
    }

    [SkippableFact]
    public async Task WriteAsync_ByTheLeader_IsReadBackStampedWithItsTerm()
    {
        zk.SkipIfUnavailable();
        var elector = _kit.Elector("a", zk.ConnectionString);
        var store = _kit.Store(elector, zk.ConnectionString);
        var leadership = await elector.AcquireAsync(default).WaitAsync(Wait);

        await store.WriteAsync(leadership, Checkpoint(UpTo, ("backup", UpTo.AddMinutes(-5))), default);
        var read = await store.ReadAsync(default);

        Assert.NotNull(read);
        Assert.Equal(leadership.Epoch, read.Epoch);
        Assert.Equal(_kit.DeploymentId, read.DeploymentId);
        Assert.Equal(UpTo, read.ScheduledUpTo);
        Assert.Equal(UpTo.AddMinutes(-5), read.LastFired["backup"]);
        Assert.NotEqual(default, read.WrittenAt);
    }

    [SkippableFact]
    public async Task ReadAsync_CorruptNode_RefusesWithTheNodeAndReason()
    {
        zk.SkipIfUnavailable();
        var store = _kit.Store(_kit.Elector("a", zk.ConnectionString), zk.ConnectionString);
        Assert.Null(await store.ReadAsync(default));
        var observer = await _kit.ClientAsync(zk.ConnectionString);
        await observer.SetDataAsync(CheckpointPath, Encoding.UTF8.GetBytes("{\"formatVersion\":1,"), -1, default);

        var refused = await Assert.ThrowsAsync<CheckpointRejectedException>(() => store.ReadAsync(default));

        Assert.Contains(CheckpointPath, refused.Message, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ReadAsync_CheckpointOfAnotherDeployment_Refuses()
    {
        zk.SkipIfUnavailable();
        var store = _kit.Store(_kit.Elector("a", zk.ConnectionString), zk.ConnectionString);
        Assert.Null(await store.ReadAsync(default));
        var observer = await _kit.ClientAsync(zk.ConnectionString);
        var foreign = Checkpoint(UpTo) with { DeploymentId = "elsewhere", Epoch = 3, WrittenAt = UpTo };
        await observer.SetDataAsync(CheckpointPath, ScheduleCheckpointCodec.Encode(foreign), -1, default);

        var refused = await Assert.ThrowsAsync<CheckpointRejectedException>(() => store.ReadAsync(default));

        Assert.Contains("belongs to deployment 'elsewhere'", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task WriteAsync_DeposedLeaderAfterPartition_IsRefused()
    {
        zk.SkipIfUnavailable();
        await using var proxy = new TcpProxy(zk.Server!.ClientPort);
        var a = _kit.Elector("a", proxy.ConnectionString);
        var b = _kit.Elector("b", zk.ConnectionString);
        var storeA = _kit.Store(a, proxy.ConnectionString);
        var storeB = _kit.Store(b, zk.ConnectionString);
        var first = await a.AcquireAsync(default).WaitAsync(Wait);
        await storeA.WriteAsync(first, Checkpoint(UpTo), default);
        var second = b.AcquireAsync(default);
        await ElectionTestKit.AssertPendingAsync(second, TimeSpan.FromMilliseconds(300), "b's acquisition");

        proxy.Blackhole();
        var next = await second.WaitAsync(Wait);
        proxy.Restore();

        await Assert.ThrowsAsync<LeadershipLostException>(() => storeA.WriteAsync(first, Checkpoint(UpTo.AddHours(1)), default));
        await storeB.WriteAsync(next, Checkpoint(UpTo.AddMinutes(1)), default);
        var read = await storeB.ReadAsync(default);
        Assert.Equal(next.Epoch, read!.Epoch);
        Assert.Equal(UpTo.AddMinutes(1), read.ScheduledUpTo);
    }

    [SkippableFact]
    public async Task WriteAsync_TermSupersededButNotYetNoticed_IsFencedByTheServer()
    {
        zk.SkipIfUnavailable();
        var a = _kit.Elector("a", zk.ConnectionString);
        var b = _kit.Elector("b", zk.ConnectionString);
        var store = _kit.Store(b, zk.ConnectionString);
        var first = await a.AcquireAsync(default).WaitAsync(Wait);
        var stale = first.Term();
        var zombie = await _kit.ClientAsync(zk.ConnectionString);
        var zombieCandidate = await zombie.CreateAsync(_kit.ElectionPath + "/zombie-", [], CreateMode.EphemeralSequential, default);
        await first.DisposeAsync();
        var next = await b.AcquireAsync(default).WaitAsync(Wait);

        // Terms that still believe they lead, as after a process pause: Lost has not fired for them.
        var epochMoved = new ZooKeeperLeadership(a, zombie, zombieCandidate, stale.Epoch, stale.EpochVersion, "zombie", TimeProvider.System, NullLogger.Instance);
        var nodeGone = new ZooKeeperLeadership(a, zombie, stale.CandidatePath, next.Epoch, next.Term().EpochVersion, "zombie", TimeProvider.System, NullLogger.Instance);

        var moved = await Assert.ThrowsAsync<LeadershipLostException>(() => store.WriteAsync(epochMoved, Checkpoint(UpTo), default));
        var gone = await Assert.ThrowsAsync<LeadershipLostException>(() => store.WriteAsync(nodeGone, Checkpoint(UpTo), default));
        Assert.Contains("BadVersion", moved.Message, StringComparison.Ordinal);
        Assert.Contains("NoNode", gone.Message, StringComparison.Ordinal);
        Assert.Null(await store.ReadAsync(default));
        await store.WriteAsync(next, Checkpoint(UpTo), default);
        Assert.Equal(next.Epoch, (await store.ReadAsync(default))!.Epoch);
    }

    [SkippableFact]
    public async Task WriteAsync_AfterResigning_IsRefusedWithoutAsking()
    {
        zk.SkipIfUnavailable();
        var elector = _kit.Elector("a", zk.ConnectionString);
        var store = _kit.Store(elector, zk.ConnectionString);
        var leadership = await elector.AcquireAsync(default).WaitAsync(Wait);
        await leadership.DisposeAsync();

        var refused = await Assert.ThrowsAsync<LeadershipLostException>(() => store.WriteAsync(leadership, Checkpoint(UpTo), default));

        Assert.Contains("resigned", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AcquireAsync_EpochNodeReset_StillExceedsTheCheckpointsEpoch()
    {
        zk.SkipIfUnavailable();
        var elector = _kit.Elector("a", zk.ConnectionString);
        var store = _kit.Store(elector, zk.ConnectionString);
        var observer = await _kit.ClientAsync(zk.ConnectionString);
        var first = await elector.AcquireAsync(default).WaitAsync(Wait);
        await observer.SetDataAsync($"/kcron/{_kit.DeploymentId}/epoch", Encoding.UTF8.GetBytes("40"), -1, default);
        await first.DisposeAsync();
        var second = await elector.AcquireAsync(default).WaitAsync(Wait);
        await store.WriteAsync(second, Checkpoint(UpTo), default);
        await second.DisposeAsync();

        await observer.SetDataAsync($"/kcron/{_kit.DeploymentId}/epoch", [], -1, default);
        var third = await elector.AcquireAsync(default).WaitAsync(Wait);

        Assert.Equal(41, second.Epoch);
        Assert.Equal(42, third.Epoch);
    }

    private static ScheduleCheckpoint Checkpoint(DateTimeOffset upTo, params (string Job, DateTimeOffset At)[] jobs) => new()
    {
        ScheduledUpTo = upTo,
        LastFired = jobs.ToDictionary(j => j.Job, j => j.At),
    };
}
