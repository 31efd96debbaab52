using System.Globalization;
using KafkaCron.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.HighAvailability;

[Collection(HighAvailabilityCollection.Name)]
public sealed class PauseTests(HighAvailabilityFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A leader frozen (SIGSTOP) past its session timeout is replaced; when it resumes (SIGCONT) its timers are
    /// overdue and its session is gone, and it must not add a single fire after the new leader's first.
    /// </summary>
    [SkippableFact]
    public async Task Leader_StoppedPastTheSessionTimeoutThenContinued_PublishesNothingAfterTheNewLeadersFirstFire()
    {
        fixture.SkipIfUnavailable();
        await using var replicas = new SchedulerReplicas(fixture.ZooKeeperConnection, fixture.BootstrapServers, "pause");
        await using var ledger = new FireLedger(fixture.BootstrapServers, "kcron.jobs.cluster-a", "cluster-a");
        replicas.Start();
        replicas.Start();
        var (old, oldEpoch) = await replicas.WaitForLeaderAsync(0, Patience);
        await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Count(f => f.Epoch == oldEpoch) >= 2, Patience, replicas.Transcript);

        old.Signal(PosixSignalNumber.Stop);
        replicas.Stopped.Add(old);
        var stoppedAt = DateTimeOffset.UtcNow;
        var (_, newEpoch) = await replicas.WaitForLeaderAsync(oldEpoch, Patience);
        await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Count(f => f.Epoch == newEpoch) >= 2, Patience, replicas.Transcript);
        // Stopped well past the 2 s session timeout.
        var frozenFor = TimeSpan.FromSeconds(4) - (DateTimeOffset.UtcNow - stoppedAt);
        if (frozenFor > TimeSpan.Zero)
        {
            await Task.Delay(frozenFor);
        }

        old.Signal(PosixSignalNumber.Continue);
        replicas.Stopped.Remove(old);
        await old.WaitForLineAsync(line => line.Contains("[2203] Epoch " + oldEpoch.ToString(CultureInfo.InvariantCulture) + " is over", StringComparison.Ordinal),
            Patience, "the end of its term");
        // Three more seconds of both running: the old one must stay silent (or publish only as a newer term).
        var resumedAt = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Any(f => f.Fire.PublishedAt > resumedAt.AddSeconds(3)), Patience, replicas.Transcript);

        var mine = ledger.OfDeployment(replicas.Prefix);
        var firstOfNew = mine.Where(f => f.Epoch == newEpoch).MinBy(f => f.Fire.PublishedAt)!;
        var lateByTime = mine.Where(f => f.Epoch == oldEpoch && f.Fire.PublishedAt >= firstOfNew.Fire.PublishedAt).ToList();
        var lateByOffset = mine.Where(f => f.Epoch == oldEpoch
            && mine.Any(n => n.Epoch == newEpoch && n.Partition == f.Partition && n.Offset < f.Offset)).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"old leader (epoch {oldEpoch}) stopped {(firstOfNew.Fire.PublishedAt - stoppedAt).TotalMilliseconds:F0} ms before the new leader's (epoch {newEpoch}) first fire; " +
            $"after SIGCONT it published {lateByTime.Count} fires later than that (by publishedAt) and {lateByOffset.Count} after it in a partition (by offset); " +
            $"withheld fires logged: {old.Lines.Count(l => l.Contains("[2017]", StringComparison.Ordinal))}"));

        Assert.Empty(lateByTime);
        Assert.Empty(lateByOffset);
        Assert.Equal(0, FireAudit.Duplicates(mine));
        Assert.Empty(FireAudit.Lost(ledger.Of(replicas.AllJob)));
    }
}
