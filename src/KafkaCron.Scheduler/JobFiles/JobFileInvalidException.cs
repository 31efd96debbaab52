using KafkaCron.Core.Jobs;

namespace KafkaCron.Scheduler.JobFiles;

/// <summary>The job file given at start is invalid; the scheduler refuses to start.</summary>
internal sealed class JobFileInvalidException(string path, IReadOnlyList<JobFileProblem> problems)
    : Exception($"the job file {path} is invalid ({problems.Count} problems)")
{
    public IReadOnlyList<JobFileProblem> Problems { get; } = problems;
}
