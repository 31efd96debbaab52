namespace KafkaCron.Core.Jobs;

/// <summary>One thing wrong with a job file, at the 1-based line and column of the offending node.</summary>
public sealed record JobFileProblem(string Path, int Line, int Column, string Message)
{
    public override string ToString() => $"{Path}:{Line}:{Column}: {Message}";
}
