namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>When a drill's break began and when it was undone.</summary>
internal sealed record BrokenWindow(DateTimeOffset From, DateTimeOffset Until);

/// <summary>
/// One drill of the matrix: what it breaks, for how long, and what it promises. <see cref="BreakAsync"/> breaks the
/// stack for a bounded time and undoes what it can before it returns.
/// </summary>
internal sealed record Drill(string Name, string Breaks, DrillPromise Promise, Func<ChaosStack, Task<BrokenWindow>> BreakAsync)
{
    public override string ToString() => Name;
}
