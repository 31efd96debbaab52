using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// The proof, in `make test`, that drills run on the real stack can pass and can fail: the shortest drill of the
/// matrix keeps its promise; the same drill with every worker killed breaks it; the flood with the workers'
/// backpressure switched off, and Alertmanager's outage with the heartbeat routed to a wrong address, break theirs.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class DrillRunnerTests
{
    [SkippableFact]
    public async Task RunAsync_LeaderMoved_KeepsItsPromise()
    {
        Skip.If(ChaosStack.Unavailable is not null, ChaosStack.Unavailable);
        await using var stack = await ChaosStack.StartAsync();

        var outcome = await DrillRunner.RunAsync(ChaosDrills.Named(stack.Traits, "leader-moved"), stack, settle: TimeSpan.FromSeconds(30));

        Assert.True(outcome.Broken.Count == 0, string.Join("; ", outcome.Broken) + "\n" + stack.Transcript());
        Assert.True(outcome.Count.Due >= 10, outcome.Row);
    }

    [SkippableFact]
    public async Task RunAsync_EveryWorkerKilled_BreaksThePromise()
    {
        Skip.If(ChaosStack.Unavailable is not null, ChaosStack.Unavailable);
        await using var stack = await ChaosStack.StartAsync();
        var broken = ChaosDrills.Named(stack.Traits, "leader-moved") with
        {
            BreakAsync = async _ =>
            {
                var from = DateTimeOffset.UtcNow;
                foreach (var worker in stack.Workers)
                {
                    worker.Signal(PosixSignalNumber.Kill);
                    await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
                }

                return new BrokenWindow(from, DateTimeOffset.UtcNow);
            },
        };

        var outcome = await DrillRunner.RunAsync(broken, stack, settle: TimeSpan.FromSeconds(2));

        Assert.Contains(outcome.Broken, b => b.StartsWith("lost ", StringComparison.Ordinal));
        Assert.True(outcome.Count.Published > outcome.Count.Run, outcome.Row);
    }

    [SkippableFact]
    public async Task RunAsync_FloodOnWorkersWithoutBackpressure_BreaksThePromise()
    {
        Skip.If(ChaosStack.Unavailable is not null, ChaosStack.Unavailable);
        // The largest capacity the setting allows: each worker takes its whole share of the burst into memory.
        await using var stack = await ChaosStack.StartAsync(workerSettings: new Dictionary<string, string> { ["KCRON_WORKER__PIPELINECAPACITY"] = "100000" });

        var outcome = await DrillRunner.RunAsync(ChaosDrills.Named(stack.Traits, "flood"), stack, settle: TimeSpan.FromSeconds(60));

        Assert.True(outcome.Broken.Any(b => b.StartsWith("a worker held ", StringComparison.Ordinal)), outcome.Row);
        Assert.Equal(0, outcome.Count.Lost);
    }

    [SkippableFact]
    public async Task RunAsync_AlertmanagerDownWithTheHeartbeatMisrouted_BreaksThePromise()
    {
        Skip.If(ChaosStack.Unavailable is not null, ChaosStack.Unavailable);
        await using var stack = await ChaosStack.StartAsync(heartbeatMisrouted: true);

        var outcome = await DrillRunner.RunAsync(ChaosDrills.Named(stack.Traits, "alertmanager-down"), stack, settle: TimeSpan.FromSeconds(30));

        Assert.Contains("no heartbeat reached the dead man's switch before the break", outcome.Broken);
        Assert.Contains("the heartbeat did not come back after the break", outcome.Broken);
    }
}
