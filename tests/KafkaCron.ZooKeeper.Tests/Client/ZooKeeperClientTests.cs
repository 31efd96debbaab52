using System.Diagnostics;
using System.Text;
using KafkaCron.ZooKeeper.Client;
using KafkaCron.ZooKeeper.Tests.Fixtures;
using Xunit.Abstractions;

namespace KafkaCron.ZooKeeper.Tests.Client;

[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperClientTests(ZooKeeperFixture zk, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly string _root = "/client-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task CrudOperations_PersistentNode_BehaveAsZooKeeperDefines()
    {
        var client = await ConnectAsync();

        Assert.Equal(_root, await client.CreateAsync(_root, Bytes("v0"), CreateMode.Persistent, default));
        var (data, stat) = await client.GetDataAsync(_root, default);
        Assert.Equal("v0", Encoding.UTF8.GetString(data));
        Assert.Equal(0, stat.Version);

        var updated = await client.SetDataAsync(_root, Bytes("v1"), stat.Version, default);
        Assert.Equal(1, updated.Version);
        var stale = await Assert.ThrowsAsync<BadVersionException>(() => client.SetDataAsync(_root, Bytes("v2"), 0, default));
        Assert.Equal(_root, stale.Path);

        await Assert.ThrowsAsync<NodeExistsException>(() => client.CreateAsync(_root, [], CreateMode.Persistent, default));
        await client.CreateAsync(_root + "/child", [], CreateMode.Persistent, default);
        await Assert.ThrowsAsync<NotEmptyException>(() => client.DeleteAsync(_root, -1, default));
        var (children, _) = await client.GetChildrenAsync(_root, default);
        Assert.Equal(["child"], children);

        await client.DeleteAsync(_root + "/child", -1, default);
        await client.DeleteAsync(_root, updated.Version, default);
        Assert.Null(await client.ExistsAsync(_root, default));
        await Assert.ThrowsAsync<NoNodeException>(() => client.GetDataAsync(_root, default));
    }

    [SkippableFact]
    public async Task CreateAsync_EphemeralSequential_NumbersNodesAndDeletesThemWithTheSession()
    {
        var observer = await ConnectAsync();
        await observer.CreateAsync(_root, [], CreateMode.Persistent, default);
        var owner = await ZooKeeperClient.ConnectAsync(Options(zk.ConnectionString), TimeProvider.System, Logger("owner"), default);

        var first = await owner.CreateAsync(_root + "/n-", [], CreateMode.EphemeralSequential, default);
        var second = await owner.CreateAsync(_root + "/n-", [], CreateMode.EphemeralSequential, default);

        Assert.Equal(_root + "/n-0000000000", first);
        Assert.Equal(_root + "/n-0000000001", second);
        var stat = await observer.ExistsAsync(first, default);
        Assert.Equal(owner.SessionId, stat!.EphemeralOwner);

        await owner.DisposeAsync();

        Assert.Null(await observer.ExistsAsync(first, default));
        Assert.Null(await observer.ExistsAsync(second, default));
    }

    [SkippableFact]
    public async Task Watches_EachKind_FireOnceForTheirEvent()
    {
        var client = await ConnectAsync();
        var other = await ConnectAsync();
        var node = _root + "/w";
        await client.CreateAsync(_root, [], CreateMode.Persistent, default);

        var (missing, created) = await client.ExistsAndWatchAsync(node, default);
        var (_, _, childrenChanged) = await client.GetChildrenAndWatchAsync(_root, default);
        Assert.Null(missing);
        await other.CreateAsync(node, Bytes("a"), CreateMode.Persistent, default);
        Assert.Equal(new WatchedEvent(WatchEventType.NodeCreated, node), await created.WaitAsync(Wait));
        Assert.Equal(new WatchedEvent(WatchEventType.NodeChildrenChanged, _root), await childrenChanged.WaitAsync(Wait));

        var (_, _, dataChanged) = await client.GetDataAndWatchAsync(node, default);
        await other.SetDataAsync(node, Bytes("b"), -1, default);
        Assert.Equal(WatchEventType.NodeDataChanged, (await dataChanged.WaitAsync(Wait)).Type);

        var (present, deleted) = await client.ExistsAndWatchAsync(node, default);
        Assert.NotNull(present);
        await other.DeleteAsync(node, -1, default);
        Assert.Equal(WatchEventType.NodeDeleted, (await deleted.WaitAsync(Wait)).Type);
    }

    [SkippableFact]
    public async Task MultiAsync_AllOpsValid_AppliesAll()
    {
        var client = await ConnectAsync();
        await client.CreateAsync(_root, [], CreateMode.Persistent, default);

        var results = await client.MultiAsync(
        [
            new ZooKeeperOp.Check(_root, 0),
            new ZooKeeperOp.Create(_root + "/a", Bytes("x"), CreateMode.Persistent),
            new ZooKeeperOp.SetData(_root, Bytes("y"), 0),
            new ZooKeeperOp.Delete(_root + "/a", 0),
        ], default);

        Assert.Equal(4, results.Count);
        Assert.Equal(_root + "/a", results[1].CreatedPath);
        Assert.Equal(1, results[2].Stat!.Version);
        Assert.Null(await client.ExistsAsync(_root + "/a", default));
    }

    [SkippableFact]
    public async Task MultiAsync_CheckFails_AppliesNothingAndNamesTheFailingOp()
    {
        var client = await ConnectAsync();
        await client.CreateAsync(_root, [], CreateMode.Persistent, default);

        var failure = await Assert.ThrowsAsync<BadVersionException>(() => client.MultiAsync(
        [
            new ZooKeeperOp.SetData(_root, Bytes("changed"), -1),
            new ZooKeeperOp.Check(_root, 5),
        ], default));
        var missing = await Assert.ThrowsAsync<NoNodeException>(() => client.MultiAsync(
        [
            new ZooKeeperOp.Check(_root + "/gone", -1),
            new ZooKeeperOp.SetData(_root, Bytes("changed"), -1),
        ], default));

        Assert.Equal(_root, failure.Path);
        Assert.Equal(_root + "/gone", missing.Path);
        Assert.Empty((await client.GetDataAsync(_root, default)).Data);
    }

    [SkippableFact]
    public async Task ConnectAsync_NothingListening_ThrowsConnectionLossNamingEachServer()
    {
        zk.SkipIfUnavailable();
        var dead1 = FreePort.Next();
        var dead2 = FreePort.Next();

        var failure = await Assert.ThrowsAsync<ConnectionLossException>(() => ZooKeeperClient.ConnectAsync(
            Options($"127.0.0.1:{dead1},127.0.0.1:{dead2}"), TimeProvider.System, Logger("client"), default));

        Assert.Contains($"127.0.0.1:{dead1}", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{dead2}", failure.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ConnectAsync_FirstServerDead_UsesTheNextOne()
    {
        zk.SkipIfUnavailable();

        var client = await ConnectAsync($"127.0.0.1:{FreePort.Next()},{zk.ConnectionString}");

        Assert.Equal(SessionState.Connected, client.State);
        Assert.Equal(zk.Server!.ClientPort, client.ConnectedServer!.Port);
    }

    [SkippableFact]
    public async Task Session_IdleForSeveralTimeouts_IsKeptAliveByPings()
    {
        var client = await ConnectAsync();
        await client.CreateAsync(_root, [], CreateMode.Ephemeral, default);
        var provenAt = client.LastProofTimestamp;

        await Task.Delay(client.SessionTimeout * 3);

        Assert.True(client.LastProofTimestamp > provenAt);
        Assert.NotNull(await (await ConnectAsync()).ExistsAsync(_root, default));
    }

    [SkippableFact]
    public async Task Connection_Dropped_ResumesSessionAndKeepsWatches()
    {
        var observer = await ConnectAsync();
        await using var proxy = new TcpProxy(zk.Server!.ClientPort);
        var client = await ConnectAsync(proxy.ConnectionString);
        await client.CreateAsync(_root, [], CreateMode.Ephemeral, default);
        var sessionId = client.SessionId;
        var (_, _, changed) = await client.GetDataAndWatchAsync(_root, default);

        proxy.DropConnections();
        await Eventually.TrueAsync(() => client.State == SessionState.Disconnected || client.LastProofTimestamp > 0, Wait, "disconnect");
        await observer.SetDataAsync(_root, Bytes("after the drop"), -1, default);

        Assert.Equal(WatchEventType.NodeDataChanged, (await changed.WaitAsync(Wait)).Type);
        Assert.Equal(sessionId, client.SessionId);
        Assert.Equal(SessionState.Connected, client.State);
        Assert.Equal(client.SessionId, (await client.ExistsAsync(_root, default))!.EphemeralOwner);
    }

    [SkippableFact]
    public async Task Session_SilentPastTimeout_IsReportedExpiredToRequestsAndWatches()
    {
        var observer = await ConnectAsync();
        await using var proxy = new TcpProxy(zk.Server!.ClientPort);
        var client = await ConnectAsync(proxy.ConnectionString, TimeSpan.FromSeconds(1));
        await client.CreateAsync(_root, [], CreateMode.Ephemeral, default);
        var (_, watch) = await client.ExistsAndWatchAsync(_root + "/never", default);

        proxy.Blackhole();
        await Eventually.TrueAsync(async () => await observer.ExistsAsync(_root, default) is null, Wait, "server-side expiry");
        proxy.Restore();

        await Eventually.TrueAsync(() => client.State == SessionState.Expired, Wait, "client-side expiry");
        Assert.True(client.SessionEnded.IsCancellationRequested);
        await Assert.ThrowsAsync<SessionExpiredException>(() => watch.WaitAsync(Wait));
        await Assert.ThrowsAsync<SessionExpiredException>(() => client.ExistsAsync(_root, default));
    }

    [SkippableFact]
    public async Task Request_AfterDispose_ThrowsObjectDisposed()
    {
        var client = await ConnectAsync();
        var (_, watch) = await client.ExistsAndWatchAsync(_root, default);

        await client.DisposeAsync();

        Assert.Equal(SessionState.Closed, client.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ExistsAsync(_root, default));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => watch);
    }

    [SkippableFact]
    public async Task Requests_ManyConcurrent_AreMatchedToTheirReplies()
    {
        var client = await ConnectAsync();
        await client.CreateAsync(_root, [], CreateMode.Persistent, default);
        var clock = Stopwatch.StartNew();

        var paths = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            client.CreateAsync($"{_root}/n{i}", Bytes($"{i}"), CreateMode.Persistent, default)));
        var data = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.GetDataAsync($"{_root}/n{i}", default)));

        output.WriteLine($"400 requests in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"{_root}/n{i}"), paths);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"{i}"), data.Select(d => Encoding.UTF8.GetString(d.Data)));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static ZooKeeperClientOptions Options(string connectionString, TimeSpan? timeout = null) =>
        ZooKeeperClientOptions.Parse(connectionString, timeout ?? TimeSpan.FromSeconds(2));

    private TestOutputLogger Logger(string name) => new TestOutputLogger(output, name);

    private async Task<ZooKeeperClient> ConnectAsync(string? connectionString = null, TimeSpan? timeout = null)
    {
        zk.SkipIfUnavailable();
        var client = await ZooKeeperClient.ConnectAsync(
            Options(connectionString ?? zk.ConnectionString, timeout), TimeProvider.System, Logger("client" + _owned.Count), default);
        _owned.Add(client);
        return client;
    }
}
