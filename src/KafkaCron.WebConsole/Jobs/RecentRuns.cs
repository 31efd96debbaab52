using KafkaCron.Core.Runs;

namespace KafkaCron.WebConsole.Jobs;

/// <summary>
/// Each job's last run and the outcomes of its latest runs that ran, folded from run records in the order they were
/// written: what the jobs list shows. Compact on purpose (the last record without its output, <see cref="JobList.RecentRuns"/>
/// outcomes a job), so following a busy cluster for weeks costs a few hundred bytes a job. One writer, many readers.
/// </summary>
internal sealed class RecentRuns
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _jobs = new(StringComparer.Ordinal);

    /// <summary>The book of some runs of a job's (its page's), whatever their order.</summary>
    public static RecentRuns Of(IEnumerable<RunRecord> runs)
    {
        var book = new RecentRuns();
        foreach (var run in runs.OrderBy(r => r.FinishedAt))
        {
            book.Apply(run);
        }

        return book;
    }

    public void Apply(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            if (!_jobs.TryGetValue(run.Job, out var entry))
            {
                _jobs[run.Job] = entry = new Entry();
            }

            if (entry.Last is null || run.FinishedAt >= entry.Last.FinishedAt)
            {
                entry.Last = run with { StdoutTail = null, StderrTail = null };
            }

            if (JobSummary.Counts(run))
            {
                // The outcome constants, not the decoded copies: a job's twenty outcomes cost twenty references.
                entry.Outcomes.Enqueue(RunOutcomes.All.FirstOrDefault(o => o == run.Outcome) ?? run.Outcome);
                if (entry.Outcomes.Count > JobList.RecentRuns)
                {
                    entry.Outcomes.Dequeue();
                }
            }
        }
    }

    /// <returns>Null when no run of the job was seen.</returns>
    public JobRuns? Find(string job)
    {
        lock (_gate)
        {
            return _jobs.TryGetValue(job, out var entry) && entry.Last is { } last ? new JobRuns(last, [.. entry.Outcomes]) : null;
        }
    }

    private sealed class Entry
    {
        public RunRecord? Last { get; set; }

        public Queue<string> Outcomes { get; } = new(JobList.RecentRuns + 1);
    }
}

/// <summary>What the jobs list shows of one job's runs.</summary>
/// <param name="Last">The run that ended last, without its output.</param>
/// <param name="Outcomes">The outcomes of its latest runs that ran, oldest first (the sparkline).</param>
internal sealed record JobRuns(RunRecord Last, IReadOnlyList<string> Outcomes);
