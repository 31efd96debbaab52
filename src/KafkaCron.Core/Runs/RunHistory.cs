using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Runs;

/// <summary>What a history read found: the matching runs, oldest first, and the records it had to skip.</summary>
/// <param name="Matched">Matching records found; more than <see cref="Runs"/> holds when the limit cut the oldest.</param>
public sealed record RunHistory(IReadOnlyList<RunRecord> Runs, int Matched, IReadOnlyList<UndecodableRecord> Skipped)
{
    /// <summary>
    /// Keeps the <paramref name="limit"/> records of <paramref name="matching"/> that finished last (the order they are
    /// written in), listed by when each attempt started (or ended, for one that never started): the order an operator
    /// reads a job's history in.
    /// </summary>
    public static RunHistory Of(IEnumerable<RunRecord> matching, int limit, IReadOnlyList<UndecodableRecord> skipped)
    {
        var all = matching.ToList();
        var newest = all.OrderBy(r => r.FinishedAt).TakeLast(Math.Max(0, limit)).OrderBy(When).ThenBy(r => r.Attempt);
        return new RunHistory([.. newest], all.Count, skipped);
    }

    /// <summary>When an attempt happened: its start, or its end when it never started.</summary>
    public static DateTimeOffset When(RunRecord run) => run.StartedAt ?? run.FinishedAt;
}
