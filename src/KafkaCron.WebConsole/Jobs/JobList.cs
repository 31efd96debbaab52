using KafkaCron.Core.Control;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.WebConsole.Jobs;

/// <summary>
/// Builds the jobs list from the job file, the control topic's pauses and each job's recent runs: pure, so every
/// column is tested with values. Only the rows of the page asked for get a next-fire computation, so a page costs the same
/// with 100 jobs or 100,000.
/// </summary>
internal static class JobList
{
    /// <summary>Runs per job the sparkline and success rate look at.</summary>
    public const int RecentRuns = 20;

    /// <summary>The jobs that pass the query's filter, the page asked for of them, and how many matched in all.</summary>
    public static (IReadOnlyList<JobDefinition> Page, int Matching) Select(JobFile file, JobQuery query)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(query);
        var matching = file.Jobs.Where(job => Matches(job, query)).ToList();
        return (matching.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList(), matching.Count);
    }

    /// <param name="runsOf">A job's recent runs; null for a job without any.</param>
    /// <param name="pauses">Null when the console could not read the control topic.</param>
    public static IReadOnlyList<JobSummary> Summarize(
        IReadOnlyList<JobDefinition> jobs, Func<JobDefinition, JobRuns?> runsOf, ControlTopicState? pauses, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(runsOf);
        return [.. jobs.Select(job => Summarize(job, runsOf(job), pauses, now))];
    }

    /// <param name="runs">Null when no run of the job is known.</param>
    public static JobSummary Summarize(JobDefinition job, JobRuns? runs, ControlTopicState? pauses, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var pause = pauses?.Latest.GetValueOrDefault(job.Name);
        return new JobSummary(
            job.Name,
            job.Cluster,
            job.Schedule,
            job.TimeZone,
            job.Suspend ? null : FireSchedules.For(job).NextAfter(now),
            job.Suspend,
            pauses is null ? null : pause is { Paused: true },
            pause is { Paused: true } ? pause : null,
            runs?.Last,
            runs?.Outcomes ?? []);
    }

    private static bool Matches(JobDefinition job, JobQuery query) =>
        (query.Cluster is null || string.Equals(job.Cluster, query.Cluster, StringComparison.Ordinal))
        && (query.Filter.Length == 0
            || job.Name.Contains(query.Filter, StringComparison.OrdinalIgnoreCase)
            || job.Cluster.Contains(query.Filter, StringComparison.OrdinalIgnoreCase)
            || job.Schedule.Contains(query.Filter, StringComparison.OrdinalIgnoreCase));
}
