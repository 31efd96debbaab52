using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// `make chaos`: each drill of <see cref="ChaosDrills"/> on a fresh <see cref="ChaosStack"/>, or with
/// <c>KCRON_CHAOS_COMPOSE</c> set (<c>make chaos ARGS="--compose FILE"</c>) on the running compose stack, counted and
/// held to its promise. Too long for `make test`, which leaves out <c>Category=Chaos</c>; `make chaos DRILL=name`
/// runs one.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<string> Drills => new(ChaosDrills.Names);

    [SkippableTheory]
    [Trait("Category", "Chaos")]
    [MemberData(nameof(Drills))]
    public async Task Drill_Run_KeepsItsPromise(string drill)
    {
        await using var stack = await ChaosStacks.StartAsync();

        var outcome = await DrillRunner.RunAsync(ChaosDrills.Named(stack.Traits, drill), stack, settle: TimeSpan.FromSeconds(60));
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
