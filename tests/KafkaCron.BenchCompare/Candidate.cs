namespace KafkaCron.BenchCompare;

/// <summary>One side of the comparison: a kcron executable's scheduler, or Quartz.NET (no executable: this program's own child).</summary>
internal sealed record Candidate(string Label, string? KcronPath)
{
    public static Candidate Quartz { get; } = new("Quartz.NET", null);
}
