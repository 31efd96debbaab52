using System.Globalization;
using KafkaCron.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.HighAvailability;

[Collection(HighAvailabilityCollection.Name)]
public sealed class FailoverTests(HighAvailabilityFixture fixture, ITestOutputHelper output)
{
    private const int Failovers = 20;
    private const double SessionTimeoutSeconds = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The drill of docs/failover-results.md: three replicas, jobs every second, the leader SIGKILLed twenty times
    /// (a replacement replica is started each time). Counted on the topic by idempotency key, so the guarantee
    /// shown is the scheduler's own, without the workers' duplicate filter.
    /// </summary>
    [SkippableFact]
    public async Task Leader_KilledTwentyTimes_NoFireLostOrDuplicated_AndEachTakeoverWithinTheSessionTimeoutPlusOneSecond()
    {
        fixture.SkipIfUnavailable();
        await using var replicas = new SchedulerReplicas(fixture.ZooKeeperConnection, fixture.BootstrapServers, "kill", SessionTimeoutSeconds);
        await using var ledger = new FireLedger(fixture.BootstrapServers, "kcron.jobs.cluster-a", "cluster-a");
        replicas.Start();
        replicas.Start();
        replicas.Start();
        var (leader, epoch) = await replicas.WaitForLeaderAsync(0, Patience);
        await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Any(f => f.Epoch == epoch), Patience, replicas.Transcript);

        var takeovers = new List<TimeSpan>();
        for (var failover = 1; failover <= Failovers; failover++)
        {
            // Kill at a random point within the second, so the kill lands before, during and after publications.
            await Task.Delay(TimeSpan.FromMilliseconds(900 + Random.Shared.Next(1000)));
            leader.Signal(PosixSignalNumber.Kill);
            var killedAt = DateTimeOffset.UtcNow;
            await leader.WaitForExitAsync(Patience);
            replicas.Start();

            var previous = epoch;
            (leader, epoch) = await replicas.WaitForLeaderAsync(previous, Patience);
            var newEpoch = epoch;
            await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Any(f => f.Epoch == newEpoch), Patience, replicas.Transcript);
            var first = ledger.OfDeployment(replicas.Prefix).Where(f => f.Epoch == newEpoch).Min(f => f.Fire.PublishedAt);
            takeovers.Add(first - killedAt);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"failover {failover,2}: epoch {previous} -> {newEpoch}, first fire of the new leader {(first - killedAt).TotalMilliseconds:F0} ms after the kill"));
        }

        await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Count(f => f.Epoch == epoch) >= 2, Patience, replicas.Transcript);
        var all = ledger.Of(replicas.AllJob);
        var once = ledger.Of(replicas.OnceJob);
        var lost = FireAudit.Lost(all);
        var duplicates = FireAudit.Duplicates(all) + FireAudit.Duplicates(once);
        var gaps = FireAudit.UnexplainedGaps(once);
        var sorted = takeovers.Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Failovers} failovers, session timeout {SessionTimeoutSeconds} s: {all.Count + once.Count} fires, lost {lost.Count}, duplicates {duplicates}, unexplained fireOnce gaps {gaps.Count}; " +
            $"takeover min {sorted[0].TotalMilliseconds:F0} ms, median {sorted[sorted.Count / 2].TotalMilliseconds:F0} ms, max {sorted[^1].TotalMilliseconds:F0} ms"));

        Assert.Empty(lost);
        Assert.Equal(0, duplicates);
        Assert.Empty(gaps);
        Assert.All(takeovers, t => Assert.True(t < TimeSpan.FromSeconds(SessionTimeoutSeconds + 1),
            $"a takeover took {t.TotalMilliseconds:F0} ms; all: {string.Join(", ", takeovers.Select(x => x.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)))}"));
    }

    /// <summary>
    /// The same with Scheduler:TransactionalProducer on: every term opens its own transactional producer (on the mock
    /// this shows the transactional path works end to end, not that it fences; see docs/scheduler.md).
    /// </summary>
    [SkippableFact]
    public async Task Leader_KilledWithTheTransactionalProducer_NoFireLostOrDuplicated()
    {
        fixture.SkipIfUnavailable();
        await using var replicas = new SchedulerReplicas(fixture.ZooKeeperConnection, fixture.BootstrapServers, "txn", SessionTimeoutSeconds, transactional: true);
        await using var ledger = new FireLedger(fixture.BootstrapServers, "kcron.jobs.cluster-a", "cluster-a");
        replicas.Start();
        replicas.Start();
        var (leader, epoch) = await replicas.WaitForLeaderAsync(0, Patience);
        await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Any(f => f.Epoch == epoch), Patience, replicas.Transcript);

        for (var failover = 1; failover <= 3; failover++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(900 + Random.Shared.Next(1000)));
            leader.Signal(PosixSignalNumber.Kill);
            var killedAt = DateTimeOffset.UtcNow;
            await leader.WaitForExitAsync(Patience);
            replicas.Start();
            (leader, epoch) = await replicas.WaitForLeaderAsync(epoch, Patience);
            var newEpoch = epoch;
            await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Any(f => f.Epoch == newEpoch), Patience, replicas.Transcript);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"transactional failover {failover}: first fire of epoch {newEpoch} {(ledger.OfDeployment(replicas.Prefix).Where(f => f.Epoch == newEpoch).Min(f => f.Fire.PublishedAt) - killedAt).TotalMilliseconds:F0} ms after the kill"));
        }

        // Awaited: the console logger writes from a queue of its own, behind what the process already did.
        await Eventually.TrueAsync(() => leader.Lines.Any(l => l.Contains("[1102]", StringComparison.Ordinal)), Patience, replicas.Transcript);
        var all = ledger.Of(replicas.AllJob);
        var once = ledger.Of(replicas.OnceJob);
        Assert.Empty(FireAudit.Lost(all));
        Assert.Equal(0, FireAudit.Duplicates(all) + FireAudit.Duplicates(once));
        Assert.Empty(FireAudit.UnexplainedGaps(once));
    }
}
