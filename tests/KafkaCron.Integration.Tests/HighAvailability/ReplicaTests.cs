using KafkaCron.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.HighAvailability;

[Collection(HighAvailabilityCollection.Name)]
public sealed class ReplicaTests(HighAvailabilityFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Replicas_ThreeThenTwo_ExactlyOnePublishes_AndAfterAFullOutageTheNextCatchesUp()
    {
        fixture.SkipIfUnavailable();
        await using var replicas = new SchedulerReplicas(fixture.ZooKeeperConnection, fixture.BootstrapServers, "three");
        await using var ledger = new FireLedger(fixture.BootstrapServers, "kcron.jobs.cluster-a", "cluster-a");
        replicas.Start();
        replicas.Start();
        replicas.Start();
        var (leader, epoch) = await replicas.WaitForLeaderAsync(0, Patience);
        await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Count >= 4, Patience, replicas.Transcript);

        // Three replicas: one leads, the others stand by and publish nothing.
        Assert.Single(replicas.Running, r => SchedulerReplicas.EpochOf(r) > 0);
        var standby = replicas.Running.First(r => r != leader);
        standby.Signal(PosixSignalNumber.Kill);
        await standby.WaitForExitAsync(Patience);
        var afterStandbyGone = ledger.Of(replicas.AllJob).Count;
        await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Count >= afterStandbyGone + 3, Patience, replicas.Transcript);

        // Two replicas: still the same single leader and epoch.
        Assert.All(ledger.OfDeployment(replicas.Prefix), f => Assert.Equal(epoch, f.Epoch));
        Assert.Single(replicas.Running, r => SchedulerReplicas.EpochOf(r) > 0);

        // Every replica down for four seconds, then one comes back: it catches up per misfire policy.
        foreach (var replica in replicas.Running.ToList())
        {
            replica.Signal(PosixSignalNumber.Kill);
            await replica.WaitForExitAsync(Patience);
        }

        var outageStart = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(4));
        replicas.Start();
        var (_, next) = await replicas.WaitForLeaderAsync(epoch, Patience);
        await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Any(f => f.Epoch == next && f.Fire.ScheduledAt > outageStart.AddSeconds(6)),
            Patience, replicas.Transcript);

        var all = ledger.Of(replicas.AllJob);
        var once = ledger.Of(replicas.OnceJob);
        output.WriteLine($"published {all.Count} fireAll and {once.Count} fireOnce fires over epochs {epoch} and {next}");
        Assert.Equal(0, FireAudit.Duplicates(all) + FireAudit.Duplicates(once));
        Assert.Empty(FireAudit.Lost(all));
        Assert.Empty(FireAudit.UnexplainedGaps(once));
        Assert.Contains(once, f => f.Epoch == next && f.Fire.ScheduledAt - once.Where(o => o.Epoch == epoch).Max(o => o.Fire.ScheduledAt) >= TimeSpan.FromSeconds(4));
    }
}
