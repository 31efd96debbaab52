namespace KafkaCron.Core.Jobs;

/// <summary>
/// The outcome of reading a job file: the file when it is valid, otherwise every problem found, in file order.
/// <see cref="JobFile"/> is null whenever there is a problem: a half-valid file is never scheduled.
/// </summary>
public sealed record JobFileParseResult(JobFile? JobFile, IReadOnlyList<JobFileProblem> Problems)
{
    public bool IsValid => Problems.Count == 0 && JobFile is not null;
}
