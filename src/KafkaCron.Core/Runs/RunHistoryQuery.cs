namespace KafkaCron.Core.Runs;

/// <summary>Which run records to read: a cluster's, finished since an instant, optionally of one job or failures only, the newest <see cref="Limit"/>.</summary>
public sealed record RunHistoryQuery
{
    public required string Cluster { get; init; }

    /// <summary>Records written before this are not read: the reader starts each partition at the offset of this time.</summary>
    public required DateTimeOffset Since { get; init; }

    public string? Job { get; init; }

    /// <summary>Only attempts that ran and did not succeed (<see cref="RunOutcomes.IsFailure"/>).</summary>
    public bool FailedOnly { get; init; }

    /// <summary>The newest this many matching records are kept.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Whether no filter but the time applies, so the newest <see cref="Limit"/> records of each partition are all that can be shown.</summary>
    public bool TakesEveryRecord => Job is null && !FailedOnly;

    public bool Matches(RunRecord run) =>
        run.FinishedAt >= Since
        && (Job is null || string.Equals(run.Job, Job, StringComparison.Ordinal))
        && (!FailedOnly || RunOutcomes.IsFailure(run.Outcome));
}
