using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// The quick proof, in `make test`, that a drill run on the real stack can pass and can fail: the shortest drill of
/// the matrix keeps its promise, and the same drill with a deliberately broken setting (every worker killed, none
/// replaced) breaks it.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class DrillRunnerTests
{
    [SkippableFact]
    public async Task RunAsync_LeaderMoved_KeepsItsPromise()
    {
        Skip.If(ChaosStack.Unavailable is not null, ChaosStack.Unavailable);
        await using var stack = await ChaosStack.StartAsync();

        var outcome = await DrillRunner.RunAsync(ChaosDrills.Named("leader-moved"), stack, settle: TimeSpan.FromSeconds(30));

        Assert.True(outcome.Broken.Count == 0, string.Join("; ", outcome.Broken) + "\n" + stack.Transcript());
        Assert.True(outcome.Count.Due >= 10, outcome.Row);
    }

    [SkippableFact]
    public async Task RunAsync_EveryWorkerKilled_BreaksThePromise()
    {
        Skip.If(ChaosStack.Unavailable is not null, ChaosStack.Unavailable);
        await using var stack = await ChaosStack.StartAsync();
        var broken = ChaosDrills.Named("leader-moved") with
        {
            BreakAsync = async s =>
            {
                var from = DateTimeOffset.UtcNow;
                foreach (var worker in s.Workers)
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
}
