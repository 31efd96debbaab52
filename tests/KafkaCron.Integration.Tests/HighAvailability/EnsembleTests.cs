using System.Globalization;
using KafkaCron.Integration.Tests.Cli;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.ZooKeeper.Tests.Fixtures;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.HighAvailability;

[Collection(HighAvailabilityCollection.Name)]
public sealed class EnsembleTests(HighAvailabilityFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// 4 s: the test ensemble's followers may answer for syncLimit × tickTime (1 s) after losing their leader, and
    /// that plus a tick must stay under the third of the session timeout a leader keeps as margin
    /// (docs/leader-election.md).
    /// </summary>
    private const double SessionTimeoutSeconds = 4;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan LeaseBound = TimeSpan.FromSeconds(SessionTimeoutSeconds * 2 / 3);

    [SkippableFact]
    public async Task Ensemble_OneNodeDown_SchedulingContinues_QuorumLost_NothingIsPublished_QuorumBack_CatchesUp()
    {
        fixture.SkipIfUnavailable();
        var servers = ZooKeeperServerProcess.Ensemble(3);
        try
        {
            foreach (var server in servers)
            {
                server.Start();
            }

            await Task.WhenAll(servers.Select(s => s.WaitUntilServingAsync(Patience)));
            var connection = string.Join(',', servers.Select(s => s.ConnectionString));
            await using var replicas = new SchedulerReplicas(connection, fixture.BootstrapServers, "ensemble", SessionTimeoutSeconds);
            await using var ledger = new FireLedger(fixture.BootstrapServers, "kcron.jobs.cluster-a", "cluster-a");
            replicas.Start();
            replicas.Start();
            var (_, epoch) = await replicas.WaitForLeaderAsync(0, Patience);
            await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Count(f => f.Epoch == epoch) >= 2, Patience, replicas.Transcript);

            // One follower down: the quorum of two still serves, the leader keeps its term.
            var follower = await FindAsync(servers, "follower");
            await follower.KillAsync();
            var oneDownAt = DateTimeOffset.UtcNow;
            await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Any(f => f.Fire.PublishedAt > oneDownAt.AddSeconds(5)), Patience, replicas.Transcript);
            var epochAfterOneDown = ledger.Of(replicas.AllJob).Max(f => f.Epoch);
            output.WriteLine($"one of three ZooKeeper nodes down: epoch {epoch} -> {epochAfterOneDown}, fires kept coming");

            // A second node down: no quorum. Every replica stops publishing within the lease bound.
            var second = servers.First(s => s.IsRunning);
            var linesBefore = replicas.Running.ToDictionary(r => r, r => r.Lines.Count);
            await second.KillAsync();
            var quorumLostAt = DateTimeOffset.UtcNow;
            var leader = replicas.Running.MaxBy(SchedulerReplicas.EpochOf)!;
            await leader.WaitForLineAsync(l => l.Contains("[2203]", StringComparison.Ordinal), Patience, "the end of its term");
            foreach (var (replica, count) in linesBefore)
            {
                // The leader says its term is over; a standby, which published nothing anyway, that its connection is lost.
                var said = await replica.WaitForLineAsync(
                    l => replica.Lines.Skip(count).Contains(l) && (l.Contains("[2203]", StringComparison.Ordinal) || l.Contains("[4002]", StringComparison.Ordinal)),
                    Patience, "why it does not publish");
                output.WriteLine($"{replica.Name}: {said}");
            }

            await Task.Delay(LeaseBound + TimeSpan.FromSeconds(2));
            var lastDuringOutage = ledger.OfDeployment(replicas.Prefix).Max(f => f.Fire.PublishedAt);
            var status = Kcron.Run("status", "--zookeeper", connection, "--deployment", replicas.DeploymentId);
            output.WriteLine($"quorum lost: last fire published {(lastDuringOutage - quorumLostAt).TotalMilliseconds:F0} ms after the second node died (lease bound {LeaseBound.TotalMilliseconds:F0} ms)");
            output.WriteLine($"kcron status exit {status.ExitCode}: {status.Error.Trim()}");
            Assert.True(lastDuringOutage - quorumLostAt < LeaseBound + TimeSpan.FromSeconds(1));
            Assert.Contains("no reply from ZooKeeper", leader.Lines.Last(l => l.Contains("[2203]", StringComparison.Ordinal)), StringComparison.Ordinal);
            Assert.Equal(1, status.ExitCode);
            Assert.Contains("no scheduler replica can prove that it leads", status.Error, StringComparison.Ordinal);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(lastDuringOutage, ledger.OfDeployment(replicas.Prefix).Max(f => f.Fire.PublishedAt));

            // Quorum back: a replica leads with a newer epoch and publishes what came due meanwhile.
            var quorumBackAt = DateTimeOffset.UtcNow;
            foreach (var server in servers.Where(s => !s.IsRunning))
            {
                server.Start();
            }

            var before = ledger.OfDeployment(replicas.Prefix).Max(f => f.Epoch);
            var (_, resumed) = await replicas.WaitForLeaderAsync(before, Patience);
            await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Any(f => f.Epoch == resumed && f.Fire.ScheduledAt > f.Fire.PublishedAt.AddSeconds(-1) && f.Fire.ScheduledAt > quorumBackAt),
                Patience, replicas.Transcript);
            var firstAfter = ledger.OfDeployment(replicas.Prefix).Where(f => f.Epoch == resumed).Min(f => f.Fire.PublishedAt);
            var all = ledger.Of(replicas.AllJob);
            var once = ledger.Of(replicas.OnceJob);
            var caughtUp = all.Count(f => f.Epoch == resumed && f.Fire.ScheduledAt < firstAfter.AddSeconds(-1));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"quorum back: epoch {resumed} published {(firstAfter - quorumBackAt).TotalMilliseconds:F0} ms after the nodes were restarted, catching up {caughtUp} fireAll instants; " +
                $"overall lost {FireAudit.Lost(all).Count}, duplicates {FireAudit.Duplicates(all) + FireAudit.Duplicates(once)}"));

            Assert.Empty(FireAudit.Lost(all));
            Assert.Equal(0, FireAudit.Duplicates(all) + FireAudit.Duplicates(once));
            Assert.Empty(FireAudit.UnexplainedGaps(once));
            Assert.True(caughtUp >= 3, $"only {caughtUp} instants caught up");
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<ZooKeeperServerProcess> FindAsync(IReadOnlyList<ZooKeeperServerProcess> servers, string mode)
    {
        foreach (var server in servers)
        {
            if (await server.TryGetModeAsync() == mode)
            {
                return server;
            }
        }

        throw new InvalidOperationException($"no ZooKeeper server is in mode {mode}");
    }
}
