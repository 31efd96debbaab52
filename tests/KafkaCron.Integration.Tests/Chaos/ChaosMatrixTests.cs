using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// `make chaos`: each drill of <see cref="ChaosDrills"/> on a fresh <see cref="ChaosStack"/>, counted and held to its
/// promise. Too long for `make test`, which leaves out <c>Category=Chaos</c>; `make chaos DRILL=name` runs one.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<string> Drills => new(ChaosDrills.All.Select(d => d.Name));

    [SkippableTheory]
    [Trait("Category", "Chaos")]
    [MemberData(nameof(Drills))]
    public async Task Drill_Run_KeepsItsPromise(string drill)
    {
        Skip.If(ChaosStack.Unavailable is not null, ChaosStack.Unavailable);
        await using var stack = await ChaosStack.StartAsync();

        var outcome = await DrillRunner.RunAsync(ChaosDrills.Named(drill), stack, settle: TimeSpan.FromSeconds(60));
        DrillTable.Append(outcome.Row);
        output.WriteLine(DrillTable.Header + outcome.Row);

        Assert.True(outcome.Broken.Count == 0, $"{drill}: {string.Join("; ", outcome.Broken)}\n{stack.Transcript()}");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection
{
    public const string Name = "chaos";
}
