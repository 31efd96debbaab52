using System.Diagnostics;
using KafkaCron.Core.Leadership;
using KafkaCron.ZooKeeper.Tests.Fixtures;
using Xunit.Abstractions;

namespace KafkaCron.ZooKeeper.Tests.Election;

[Collection(ZooKeeperCollection.Name)]
public sealed class LeaderElectionTests(ZooKeeperFixture zk, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] ThreeReplicas = ["a", "b", "c"];
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(700);
    private readonly ElectionTestKit _kit = new(output);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _kit.DisposeAllAsync();

    [SkippableFact]
    public async Task AcquireAsync_TwoElectors_OneLeadsUntilItResigns()
    {
        zk.SkipIfUnavailable();
        var a = _kit.Elector("a", zk.ConnectionString);
        var b = _kit.Elector("b", zk.ConnectionString);

        var first = await a.AcquireAsync(default).WaitAsync(Wait);
        var second = b.AcquireAsync(default);
        await ElectionTestKit.AssertPendingAsync(second, Quiet, "b's acquisition while a leads");
        await first.DisposeAsync();
        var next = await second.WaitAsync(Wait);

        Assert.True(first.Lost.IsCancellationRequested);
        Assert.Equal("resigned", first.LostReason);
        Assert.False(next.Lost.IsCancellationRequested);
        Assert.Equal("b", next.ReplicaId);
        Assert.Equal(first.Epoch + 1, next.Epoch);
    }

    [SkippableFact]
    public async Task AcquireAsync_ThreeElectors_ExactlyOneLeadsAtATime()
    {
        zk.SkipIfUnavailable();
        var electors = ThreeReplicas.Select(id => _kit.Elector(id, zk.ConnectionString)).ToArray();
        var acquiring = electors.Select(e => e.AcquireAsync(default)).ToList();
        var observer = await _kit.ClientAsync(zk.ConnectionString);

        for (var round = 0; round < 3; round++)
        {
            var won = await Task.WhenAny(acquiring).WaitAsync(Wait);
            acquiring.Remove(won);
            if (acquiring.Count > 0)
            {
                await ElectionTestKit.AssertPendingAsync(Task.WhenAny(acquiring), Quiet, "a second leader");
                Assert.Equal(3 - round, (await observer.GetChildrenAsync(_kit.ElectionPath, default)).Children.Count);
            }

            await (await won).DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task AcquireAsync_LeaderProcessGone_NextLeadsAtOnce()
    {
        zk.SkipIfUnavailable();
        var a = _kit.Elector("a", zk.ConnectionString);
        var b = _kit.Elector("b", zk.ConnectionString);
        var first = await a.AcquireAsync(default).WaitAsync(Wait);
        var second = b.AcquireAsync(default);
        await ElectionTestKit.AssertPendingAsync(second, Quiet, "b's acquisition while a leads");

        var stoppedAt = Stopwatch.GetTimestamp();
        await a.DisposeAsync();
        var next = await second.WaitAsync(Wait);

        var handover = Stopwatch.GetElapsedTime(stoppedAt);
        output.WriteLine($"handover after a clean shutdown: {handover.TotalMilliseconds:F0} ms");
        Assert.True(first.Lost.IsCancellationRequested);
        Assert.True(handover < TimeSpan.FromSeconds(1), $"handover took {handover}");
        Assert.True(next.Epoch > first.Epoch);
    }

    [SkippableFact]
    public async Task Leader_NetworkFrozen_LosesLeadershipBeforeTheNextAcquires()
    {
        zk.SkipIfUnavailable();
        await using var proxy = new TcpProxy(zk.Server!.ClientPort);
        var a = _kit.Elector("a", proxy.ConnectionString);
        var b = _kit.Elector("b", zk.ConnectionString);
        var observer = await _kit.ClientAsync(zk.ConnectionString);
        var first = await a.AcquireAsync(default).WaitAsync(Wait);
        long lostAt = 0;
        first.Lost.Register(() => lostAt = Stopwatch.GetTimestamp());
        var second = b.AcquireAsync(default);
        await Eventually.TrueAsync(async () => (await observer.GetChildrenAsync(_kit.ElectionPath, default)).Children.Count == 2, Wait, "b's candidacy");

        var frozenAt = Stopwatch.GetTimestamp();
        proxy.Blackhole();
        var next = await second.WaitAsync(Wait);
        var acquiredAt = Stopwatch.GetTimestamp();

        output.WriteLine($"a lost after {ElectionTestKit.MillisecondsBetween(frozenAt, lostAt):F0} ms; b led after {ElectionTestKit.MillisecondsBetween(frozenAt, acquiredAt):F0} ms");
        Assert.True(first.Lost.IsCancellationRequested);
        Assert.True(lostAt != 0 && lostAt < acquiredAt, "a's leadership must end before b's begins");
        Assert.Contains("no reply from ZooKeeper", first.LostReason, StringComparison.Ordinal);
        Assert.True(ElectionTestKit.MillisecondsBetween(frozenAt, acquiredAt) < (ElectionTestKit.SessionTimeout + TimeSpan.FromSeconds(1)).TotalMilliseconds);
        Assert.True(next.Epoch > first.Epoch);

        proxy.Restore();
        await first.DisposeAsync();
        var again = a.AcquireAsync(default);
        await ElectionTestKit.AssertPendingAsync(again, Quiet, "a's reacquisition while b leads");
        await next.DisposeAsync();
        var third = await again.WaitAsync(Wait);
        Assert.True(third.Epoch > next.Epoch);
    }

    [SkippableFact]
    public async Task Epoch_TwentyFailovers_StrictlyIncreases()
    {
        zk.SkipIfUnavailable();
        var electors = ThreeReplicas.Select(id => _kit.Elector(id, zk.ConnectionString)).ToArray();
        var acquiring = electors.Select(e => e.AcquireAsync(default)).ToArray();
        var epochs = new List<long>();

        for (var failover = 0; failover < 20; failover++)
        {
            var won = await Task.WhenAny(acquiring).WaitAsync(Wait);
            var index = Array.IndexOf(acquiring, won);
            var leadership = await won;
            Assert.All(acquiring.Where((_, i) => i != index), other => Assert.False(other.IsCompleted, "two leaders at once"));
            epochs.Add(leadership.Epoch);
            if (failover % 5 == 4)
            {
                // Every fifth failover ends the whole session, as a stopped replica does.
                await electors[index].DisposeAsync();
                electors[index] = _kit.Elector($"r{failover}", zk.ConnectionString);
            }
            else
            {
                await leadership.DisposeAsync();
            }

            acquiring[index] = electors[index].AcquireAsync(default);
        }

        output.WriteLine("epochs: " + string.Join(", ", epochs));
        Assert.Equal(epochs.Order(), epochs);
        Assert.Equal(epochs.Count, epochs.Distinct().Count());
    }

    [SkippableFact]
    public async Task Leader_CandidateNodeDeletedByOperator_LosesLeadership()
    {
        zk.SkipIfUnavailable();
        var a = _kit.Elector("a", zk.ConnectionString);
        var observer = await _kit.ClientAsync(zk.ConnectionString);
        var leadership = await a.AcquireAsync(default).WaitAsync(Wait);

        await observer.DeleteAsync(leadership.Term().CandidatePath, -1, default);

        await Eventually.TrueAsync(() => leadership.Lost.IsCancellationRequested, Wait, "loss of leadership");
        Assert.Contains(leadership.Term().CandidatePath, leadership.LostReason, StringComparison.Ordinal);
        var again = await a.AcquireAsync(default).WaitAsync(Wait);
        Assert.True(again.Epoch > leadership.Epoch);
    }

    [SkippableFact]
    public async Task AcquireAsync_Cancelled_WithdrawsTheCandidacy()
    {
        zk.SkipIfUnavailable();
        var a = _kit.Elector("a", zk.ConnectionString);
        var b = _kit.Elector("b", zk.ConnectionString);
        var observer = await _kit.ClientAsync(zk.ConnectionString);
        var leadership = await a.AcquireAsync(default).WaitAsync(Wait);
        using var cancel = new CancellationTokenSource();
        var waiting = b.AcquireAsync(cancel.Token);
        await Eventually.TrueAsync(async () => (await observer.GetChildrenAsync(_kit.ElectionPath, default)).Children.Count == 2, Wait, "b's candidacy");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Single((await observer.GetChildrenAsync(_kit.ElectionPath, default)).Children);
        Assert.False(leadership.Lost.IsCancellationRequested);
    }

    [SkippableFact]
    public async Task AcquireAsync_CancelledAtAnyPoint_LeavesNoCandidateBehind()
    {
        zk.SkipIfUnavailable();
        var a = _kit.Elector("a", zk.ConnectionString);
        var b = _kit.Elector("b", zk.ConnectionString);
        var observer = await _kit.ClientAsync(zk.ConnectionString);
        await a.AcquireAsync(default).WaitAsync(Wait);

        for (var attempt = 0; attempt < 40; attempt++)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(attempt % 8));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.AcquireAsync(cancel.Token));
            Assert.Single((await observer.GetChildrenAsync(_kit.ElectionPath, default)).Children);
        }
    }

    [SkippableFact]
    public async Task AcquireAsync_WhileLeading_Throws()
    {
        zk.SkipIfUnavailable();
        var a = _kit.Elector("a", zk.ConnectionString);
        await a.AcquireAsync(default).WaitAsync(Wait);

        await Assert.ThrowsAsync<InvalidOperationException>(() => a.AcquireAsync(default));
    }

    [SkippableFact]
    public async Task AcquireAsync_ZooKeeperUnreachable_ReportsRetriesAndLeadsOnceItAnswers()
    {
        zk.SkipIfUnavailable();
        var port = FreePort.Next();
        var a = _kit.Elector("a", $"127.0.0.1:{port}", out var logger);

        var acquiring = a.AcquireAsync(default);
        await Eventually.TrueAsync(() => logger.Messages.Count(m => m.StartsWith("Cannot reach ZooKeeper at 127.0.0.1:", StringComparison.Ordinal)) >= 2, Wait, "two reported attempts");
        Assert.False(acquiring.IsCompleted);
        Assert.Contains(logger.Messages, m => m.Contains($"127.0.0.1:{port}", StringComparison.Ordinal) && m.Contains("does not lead", StringComparison.Ordinal));

        var server = ZooKeeperServerProcess.Standalone(port);
        _kit.Own(server);
        server.Start();
        await server.WaitUntilServingAsync(TimeSpan.FromSeconds(30));
        var leadership = await acquiring.WaitAsync(Wait);

        Assert.Equal(1, leadership.Epoch);
    }
}
