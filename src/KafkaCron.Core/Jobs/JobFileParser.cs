namespace KafkaCron.Core.Jobs;

// PLACEHOLDER on the scheduler branch only: the real parser is written on the `jobs` branch with exactly this
// signature and replaces this file at merge.
public static class JobFileParser
{
    public static JobFileParseResult Parse(string yaml, string path, IReadOnlyCollection<string> knownClusters) =>
        throw new NotImplementedException("merged from the jobs branch");
}

public sealed record JobFileParseResult(JobFile? JobFile, IReadOnlyList<JobFileProblem> Problems)
{
    public bool IsValid => Problems.Count == 0 && JobFile is not null;
}

public sealed record JobFileProblem(string Path, int Line, int Column, string Message)
{
    public override string ToString() => $"{Path}:{Line}:{Column}: {Message}";
}
