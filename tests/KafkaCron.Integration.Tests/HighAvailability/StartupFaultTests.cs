using System.Globalization;
using System.Text;
using KafkaCron.Integration.Tests.Cli;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.ZooKeeper.Client;
using KafkaCron.ZooKeeper.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.HighAvailability;

[Collection(HighAvailabilityCollection.Name)]
public sealed class StartupFaultTests(HighAvailabilityFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Scheduler_ZooKeeperUnreachableAtStart_SaysSoRetriesPublishesNothing_ThenLeadsWhenItAnswers()
    {
        fixture.SkipIfUnavailable();
        var port = FreePort.Next();
        var address = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        await using var replicas = new SchedulerReplicas(address, fixture.BootstrapServers, "unreachable");
        await using var ledger = new FireLedger(fixture.BootstrapServers, "kcron.jobs.cluster-a", "cluster-a");
        var replica = replicas.Start();

        await Eventually.TrueAsync(() => replica.Lines.Count(l => l.Contains("[4020]", StringComparison.Ordinal)) >= 3, Patience, replicas.Transcript);
        var message = replica.Lines.First(l => l.Contains("[4020]", StringComparison.Ordinal));
        output.WriteLine(message);
        Assert.Contains(address, message, StringComparison.Ordinal);
        Assert.False(replica.HasExited);
        Assert.DoesNotContain(ledger.Fires, f => f.Fire.Job.StartsWith("unreachable-", StringComparison.Ordinal));

        await using var late = ZooKeeperServerProcess.Standalone(port);
        late.Start();
        await late.WaitUntilServingAsync(Patience);
        await replicas.WaitForLeaderAsync(0, Patience);
        await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Count > 0, Patience, replicas.Transcript);
    }

    [SkippableFact]
    public async Task Scheduler_CorruptThenForeignCheckpoint_RefusesToPublishAndSaysWhy_ThenStartsWhenItIsCleared()
    {
        fixture.SkipIfUnavailable();
        await using var replicas = new SchedulerReplicas(fixture.ZooKeeperConnection, fixture.BootstrapServers, "corrupt");
        await using var ledger = new FireLedger(fixture.BootstrapServers, "kcron.jobs.cluster-a", "cluster-a");
        await using var zk = await ZooKeeperClient.ConnectAsync(
            ZooKeeperClientOptions.Parse(fixture.ZooKeeperConnection, TimeSpan.FromSeconds(10)), TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        var checkpoint = $"/kcron/{replicas.DeploymentId}/checkpoint";
        foreach (var path in new[] { "/kcron", $"/kcron/{replicas.DeploymentId}", checkpoint })
        {
            try
            {
                await zk.CreateAsync(path, [], CreateMode.Persistent, CancellationToken.None);
            }
            catch (NodeExistsException)
            {
                // Another test made the root already.
            }
        }

        await zk.SetDataAsync(checkpoint, "{\"formatVersion\":1,\"deploymentId\":"u8.ToArray(), -1, CancellationToken.None);
        var replica = replicas.Start();
        await Eventually.TrueAsync(() => replica.Lines.Count(l => l.Contains("[2204]", StringComparison.Ordinal)) >= 2, Patience, replicas.Transcript);
        output.WriteLine(replica.Lines.First(l => l.Contains("[2204]", StringComparison.Ordinal)));
        var status = Kcron.Run("status", "--zookeeper", fixture.ZooKeeperConnection, "--deployment", replicas.DeploymentId);
        output.WriteLine(status.Output);
        Assert.Equal(2, status.ExitCode);
        Assert.Contains("REFUSED: invalid JSON", status.Output, StringComparison.Ordinal);
        Assert.Contains("leader      replica-1", status.Output, StringComparison.Ordinal);

        var foreign = Encoding.UTF8.GetBytes(
            "{\"formatVersion\":1,\"deploymentId\":\"someone-else\",\"epoch\":9,\"writtenAt\":\"2025-01-01T00:00:00Z\",\"scheduledUpTo\":\"2025-01-01T00:00:00Z\",\"lastFired\":{}}");
        await zk.SetDataAsync(checkpoint, foreign, -1, CancellationToken.None);
        await Eventually.TrueAsync(() => replica.Lines.Any(l => l.Contains("[2204]", StringComparison.Ordinal) && l.Contains("someone-else", StringComparison.Ordinal)),
            Patience, replicas.Transcript);
        Assert.DoesNotContain(ledger.Fires, f => f.Fire.Job.StartsWith("corrupt-", StringComparison.Ordinal));

        // Clearing it is the operator's explicit choice of a fresh start.
        await zk.SetDataAsync(checkpoint, [], -1, CancellationToken.None);
        await Eventually.TrueAsync(() => ledger.Of(replicas.AllJob).Count > 0, Patience, replicas.Transcript);

        // Awaited, not asserted: the console logger writes from a queue of its own, so a fire can reach Kafka and the
        // ledger before the line saying why it started is read from the process.
        await Eventually.TrueAsync(() => replica.Lines.Any(l => l.Contains("[2210]", StringComparison.Ordinal)), Patience, replicas.Transcript);
    }
}
