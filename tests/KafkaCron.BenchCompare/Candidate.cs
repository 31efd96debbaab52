namespace KafkaCron.BenchCompare;

/// <summary>
/// One side of the comparison: a kcron executable's scheduler, or one of this program's own child modes (no
/// executable): Quartz.NET, or the bare producer that marks the floor.
/// </summary>
internal sealed record Candidate(string Label, string? KcronPath, string? ChildMode = null)
{
    public static Candidate Quartz { get; } = new("Quartz.NET", null, "quartz");

    public static Candidate BareProducer { get; } = new("floor: bare producer", null, "bare");
}
