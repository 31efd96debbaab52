using System.Diagnostics;
using KafkaCron.ZooKeeper.Tests.Fixtures;
using Xunit.Abstractions;

namespace KafkaCron.ZooKeeper.Tests.Election;

public sealed class EnsembleElectionTests(ZooKeeperEnsemble ensemble, ITestOutputHelper output) : IClassFixture<ZooKeeperEnsemble>, IAsyncLifetime
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(4);
    private readonly ElectionTestKit _kit = new(output);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _kit.DisposeAllAsync();

    [SkippableFact]
    public async Task Leadership_ServersFailOneByOne_HoldsWithQuorumEndsWithoutAndReturnsWithIt()
    {
        ensemble.SkipIfUnavailable();
        var a = _kit.Elector("a", ensemble.ConnectionString, SessionTimeout);
        var b = _kit.Elector("b", ensemble.ConnectionString, SessionTimeout);
        var store = _kit.Store(a, ensemble.ConnectionString);
        var first = await a.AcquireAsync(default).WaitAsync(TimeSpan.FromSeconds(15));
        var standby = b.AcquireAsync(default);

        // One follower down, preferably the one the leader talks to: the leader's session moves to another server.
        var modes = await Task.WhenAll(ensemble.Servers.Select(s => s.TryGetModeAsync()));
        var connectedPort = first.Term().Client.ConnectedServer!.Port;
        var followers = ensemble.Servers.Where((_, i) => modes[i] == "follower").ToList();
        var victim = followers.FirstOrDefault(s => s.ClientPort == connectedPort) ?? followers[0];
        output.WriteLine($"modes: {string.Join(", ", modes)}; leader connected to {connectedPort}; killing follower {victim.ClientPort}");
        await victim.KillAsync();

        await ElectionTestKit.AssertPendingAsync(standby, SessionTimeout, "the standby's acquisition with a quorum up");
        Assert.False(first.Lost.IsCancellationRequested, first.LostReason);
        Assert.NotEqual(victim.ClientPort, first.Term().Client.ConnectedServer?.Port);
        await store.WriteAsync(first, new() { ScheduledUpTo = DateTimeOffset.UnixEpoch, LastFired = new Dictionary<string, DateTimeOffset>() }, default);

        // A second server down: no quorum, so the leader can no longer prove anything and must stop.
        var second = ensemble.Servers.First(s => s != victim && s.IsRunning);
        var quorumLostAt = Stopwatch.GetTimestamp();
        await second.KillAsync();
        await Eventually.TrueAsync(() => first.Lost.IsCancellationRequested, SessionTimeout + TimeSpan.FromSeconds(1), "loss of leadership without quorum");
        output.WriteLine($"leadership lost {Stopwatch.GetElapsedTime(quorumLostAt).TotalMilliseconds:F0} ms after quorum loss: {first.LostReason}");
        await first.DisposeAsync();
        var again = a.AcquireAsync(default);
        await ElectionTestKit.AssertPendingAsync(Task.WhenAny(again, standby), TimeSpan.FromSeconds(2), "an acquisition without quorum");

        // Quorum back: someone leads again, with a newer epoch.
        second.Start();
        var won = await Task.WhenAny(again, standby).WaitAsync(TimeSpan.FromSeconds(30));
        var next = await won;
        output.WriteLine($"{next.ReplicaId} leads again with epoch {next.Epoch}");
        Assert.True(next.Epoch > first.Epoch);
        Assert.False(next.Lost.IsCancellationRequested);
    }
}
