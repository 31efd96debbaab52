namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>When a drill's break began and when it was undone, and the fires the drill added to what is due.</summary>
internal sealed record BrokenWindow(DateTimeOffset From, DateTimeOffset Until)
{
    public IReadOnlyList<FireKey> Added { get; init; } = [];
}

/// <summary>
/// One drill of the matrix: what it breaks, for how long, and what it promises. <see cref="BreakAsync"/> breaks the
/// stack for a bounded time and undoes what it can before it returns.
/// </summary>
internal sealed record Drill(string Name, string Breaks, DrillPromise Promise, Func<IChaosStack, Task<BrokenWindow>> BreakAsync)
{
    public override string ToString() => Name;
}
