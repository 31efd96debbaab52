using System.Diagnostics.Metrics;
using System.Globalization;
using KafkaCron.Core.Telemetry;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Control;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.HighAvailability;

/// <summary>
/// kcron pause across a scheduler failover, with real ZooKeeper: the replica that takes over reads the control topic
/// to its end before it publishes anything, so a paused job stays paused, its missed instants are not published as
/// misfires, and a resume under the new leader catches up once (fireOnce).
/// </summary>
[Collection(HighAvailabilityCollection.Name)]
public sealed class JobPauseFailoverTests(HighAvailabilityFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [SkippableFact]
    public async Task PausedJob_LeaderKilled_TheNewLeaderPublishesNothingOfItUntilItIsResumedThenCatchesUpOnce()
    {
        fixture.SkipIfUnavailable();
        await using var replicas = new SchedulerReplicas(fixture.ZooKeeperConnection, fixture.BootstrapServers, "pausefail");
        await using var ledger = new FireLedger(fixture.BootstrapServers, "kcron.jobs.cluster-a", "cluster-a");
        var control = new KafkaPauseControl(Clients(), TimeProvider.System, TimeSpan.FromSeconds(10));
        replicas.Start();
        replicas.Start();
        var (leader, epoch) = await replicas.WaitForLeaderAsync(0, Patience);
        await Eventually.TrueAsync(() => ledger.Of(replicas.OnceJob).Any(f => f.Epoch == epoch), Patience, replicas.Transcript);

        await control.PauseAsync(replicas.OnceJob, "drill@test", "failover drill", CancellationToken.None);
        await leader.WaitForLineAsync(line => line.Contains("[2306] Job " + replicas.OnceJob + " is paused", StringComparison.Ordinal), Patience, "the pause taking effect");
        var pausedAt = DateTimeOffset.UtcNow;
        // The standby follows the control topic too.
        var standby = replicas.Running.Single(r => r != leader);
        await standby.WaitForLineAsync(line => line.Contains("[1123] Pauses changed: 1 jobs paused now (" + replicas.OnceJob + ")", StringComparison.Ordinal), Patience, "the standby seeing the pause");

        leader.Signal(PosixSignalNumber.Kill);
        await leader.WaitForExitAsync(Patience);
        var killedAt = DateTimeOffset.UtcNow;
        var (newLeader, newEpoch) = await replicas.WaitForLeaderAsync(epoch, Patience);
        // Three instants scheduled by the new leader after the kill: the unpaused job's fires, the paused job's withheld
        // instants (each recorded as a paused run, written asynchronously: waited for, not sampled).
        await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Any(f => f.Epoch == newEpoch && f.Fire.ScheduledAt > killedAt.AddSeconds(3)),
            Patience, replicas.Transcript);
        await Eventually.TrueAsync(() => PausedInstants(replicas.OnceJob).Count(at => at > killedAt) >= 3, Patience,
            () => "paused records: " + string.Join(", ", PausedInstants(replicas.OnceJob).Select(at => at.ToString("O", CultureInfo.InvariantCulture))) + "\n" + newLeader.Transcript);
        var withheld = PausedInstants(replicas.OnceJob).Count(at => at > killedAt);
        var publishedWhilePaused = ledger.Of(replicas.OnceJob).Where(f => f.Fire.ScheduledAt > pausedAt.AddSeconds(1)).ToList();
        Assert.Empty(publishedWhilePaused);
        // Awaited: the console logger writes from a queue of its own, behind what the process already did.
        await Eventually.TrueAsync(() => newLeader.Lines.Any(l => l.Contains("[2305] Read the control topic to its end: 1 jobs paused", StringComparison.Ordinal)),
            Patience, replicas.Transcript);

        await control.ResumeAsync(replicas.OnceJob, "drill@test", CancellationToken.None);
        await newLeader.WaitForLineAsync(line => line.Contains("[2302] Job " + replicas.OnceJob + " is resumed", StringComparison.Ordinal), Patience, "the resume");
        var resumedAt = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(() => ledger.Of(replicas.OnceJob).Any(f => f.Epoch == newEpoch && f.Fire.ScheduledAt > resumedAt.AddSeconds(1)), Patience, replicas.Transcript);

        var afterPause = ledger.Of(replicas.OnceJob).Where(f => f.Fire.ScheduledAt > pausedAt.AddSeconds(1)).OrderBy(f => f.Fire.ScheduledAt).ToList();
        var catchUps = afterPause.Where(f => f.Fire.ScheduledAt < resumedAt.AddSeconds(-1)).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"paused under epoch {epoch}, leader killed, epoch {newEpoch} took over; published while paused: {publishedWhilePaused.Count}; " +
            $"catch-up fires on resume: {catchUps.Count} ({string.Join(", ", catchUps.Select(f => f.Fire.ScheduledAt.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}), " +
            $"instants withheld and recorded by the new leader: {withheld}"));
        Assert.True(catchUps.Count <= 1, $"{catchUps.Count} catch-up fires");
        Assert.Equal(0, FireAudit.Duplicates(ledger.Of(replicas.OnceJob)));
        Assert.Empty(FireAudit.Lost(ledger.Of(replicas.AllJob)));
    }

    public void Dispose() => _services.Dispose();

    /// <summary>The instants of <paramref name="job"/> that a leader withheld and recorded as paused.</summary>
    private List<DateTimeOffset> PausedInstants(string job) =>
        [.. TopicReader.ReadAll(fixture.BootstrapServers, "kcron.runs.cluster-a", Patience)
            .Select(r => Core.Runs.RunRecordCodec.TryDecode(r.Message.Value, out var run, out _) ? run : null)
            .Where(r => r is { Outcome: Core.Runs.RunOutcomes.Paused } && r.Job == job)
            .Select(r => r!.ScheduledAt)];

    private KafkaClientFactory Clients() => new(
        Options.Create(new KafkaOptions { BootstrapServers = fixture.BootstrapServers }),
        new KafkaCronMetrics(_services.GetRequiredService<IMeterFactory>()),
        NullLogger<KafkaClientFactory>.Instance);
}
