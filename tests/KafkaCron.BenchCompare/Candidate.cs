namespace KafkaCron.BenchCompare;

/// <summary>
/// One side of the comparison: a kcron executable's scheduler, or one of this program's own child modes (no
/// executable): Quartz.NET, or the bare producer that marks the floor (in one thread, or two).
/// </summary>
internal sealed record Candidate(string Label, string? KcronPath, string? ChildMode = null)
{
    public static Candidate Quartz { get; } = new("Quartz.NET", null, "quartz");

    public static Candidate BareProducer { get; } = new("floor: bare producer", null, "bare");

    public static Candidate BareProducerTwoThreads { get; } = new("floor: bare producer, 2 threads", null, "bare-2");
}
