using System.Globalization;
using KafkaCron.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.HighAvailability;

[Collection(HighAvailabilityCollection.Name)]
public sealed class CheckpointAtScaleTests(HighAvailabilityFixture fixture, ITestOutputHelper output)
{
    /// <summary>Above the 1 MB znode at about 15,000 jobs when a checkpoint listed every job's last fire.</summary>
    private const int BulkJobs = 25_000;
    private const int Partitions = 8;

    private static readonly TimeSpan BulkPeriod = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Two replicas schedule 25,000 jobs every 10 s (and two every second); the leader is SIGKILLed after it
    /// published two rounds. Its checkpoints must have been written (the successor resumes from one, it does not
    /// start afresh), and across the takeover no instant of any job is lost or published twice.
    /// </summary>
    [SkippableFact]
    public async Task Leader_KilledWith25000Jobs_ResumesFromItsCheckpointAndNoFireIsLostOrDuplicated()
    {
        fixture.SkipIfUnavailable();
        // A broker of its own with 8 partitions: the mock keeps about 5 MB per partition (some 12,000 fires), and
        // the read-back must find a whole burst of 25,000 still there, as a real broker's retention would keep it.
        await using var broker = await BrokerProcess.StartAsync(Partitions, "cluster-a");
        await using var replicas = new SchedulerReplicas(fixture.ZooKeeperConnection, broker.BootstrapServers, "scale", bulkJobs: BulkJobs, bulkSchedule: "@every 10s", partitions: Partitions);
        await using var ledger = new FireLedger(broker.BootstrapServers, "kcron.jobs.cluster-a", "cluster-a", Partitions);
        replicas.Start();
        replicas.Start();
        var (leader, epoch) = await replicas.WaitForLeaderAsync(0, Patience);
        await Eventually.TrueAsync(() => BulkInstants(ledger, replicas, epoch) >= 2, Patience * 2, replicas.Transcript);

        // Kill as the third round is being published: fires in flight, the read-back offsets inside a burst.
        await Eventually.TrueAsync(() => BulkInstants(ledger, replicas, epoch, started: true) >= 3, Patience, replicas.Transcript);
        leader.Signal(PosixSignalNumber.Kill);
        await leader.WaitForExitAsync(Patience);
        replicas.Start();
        var (successor, next) = await replicas.WaitForLeaderAsync(epoch, Patience);
        await Eventually.TrueAsync(() => BulkInstants(ledger, replicas, next) >= 2, Patience * 2, replicas.Transcript);

        var bulk = ledger.OfDeployment(replicas.Prefix).Where(f => f.Fire.Job.StartsWith(replicas.BulkPrefix, StringComparison.Ordinal))
            .GroupBy(f => f.Fire.Job).ToList();
        var lost = bulk.Sum(job => FireAudit.Lost(job, period: BulkPeriod).Count) + FireAudit.Lost(ledger.Of(replicas.AllJob)).Count;
        var duplicates = FireAudit.Duplicates(ledger.OfDeployment(replicas.Prefix));
        var resumed = successor.Lines.Where(line => line.Contains("[2202]", StringComparison.Ordinal)).ToList();
        var unwritten = leader.Lines.Where(line => line.Contains("[2208]", StringComparison.Ordinal) || line.Contains("[2212]", StringComparison.Ordinal)).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{BulkJobs} jobs every {BulkPeriod.TotalSeconds} s, epoch {epoch} killed, epoch {next} took over: {bulk.Sum(job => job.Count())} bulk fires of {bulk.Count} jobs, lost {lost}, duplicates {duplicates}, offsets the ledger skipped {ledger.SkippedOffsets}, checkpoint write failures {unwritten.Count}"));
        resumed.ForEach(output.WriteLine);
        var readBack = successor.Lines.Where(l => l.Contains("[1110]", StringComparison.Ordinal) || l.Contains("[1111]", StringComparison.Ordinal)).ToList();
        readBack.ForEach(output.WriteLine);
        unwritten.Take(3).ToList().ForEach(output.WriteLine);

        Assert.Equal(0, ledger.SkippedOffsets);
        Assert.Empty(unwritten);
        Assert.DoesNotContain(readBack, line => line.Contains("[1111]", StringComparison.Ordinal));
        Assert.Contains(resumed, line => line.Contains(string.Create(CultureInfo.InvariantCulture, $"the checkpoint of epoch {epoch} "), StringComparison.Ordinal));
        Assert.Equal(BulkJobs, bulk.Count);
        Assert.All(bulk, job => Assert.Contains(job, f => f.Epoch == next));
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicates);
    }

    /// <summary>Distinct instants of the bulk jobs published in full by <paramref name="epoch"/> (or begun, when <paramref name="started"/>).</summary>
    private static int BulkInstants(FireLedger ledger, SchedulerReplicas replicas, long epoch, bool started = false) =>
        ledger.OfDeployment(replicas.Prefix)
            .Where(f => f.Epoch == epoch && f.Fire.Job.StartsWith(replicas.BulkPrefix, StringComparison.Ordinal))
            .GroupBy(f => f.Fire.ScheduledAt).Count(instant => started || instant.Count() == BulkJobs);
}
