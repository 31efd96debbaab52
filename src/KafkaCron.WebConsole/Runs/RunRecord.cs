namespace KafkaCron.WebConsole.Runs;

/// <summary>
/// One attempt of one job as the console shows it: the fields of a run record on <c>kcron.runs.&lt;cluster&gt;</c>
/// (docs/message-format.md), read through <see cref="IRunHistory"/>.
/// </summary>
public sealed record RunRecord
{
    public required string FireId { get; init; }

    public required string Job { get; init; }

    public required string Cluster { get; init; }

    public int Attempt { get; init; } = 1;

    public DateTimeOffset ScheduledAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public TimeSpan? Duration { get; init; }

    /// <summary>One of <see cref="RunOutcomes"/>' values (an unknown one is shown as it is).</summary>
    public required string Outcome { get; init; }

    public int? ExitCode { get; init; }

    public int? Signal { get; init; }

    public string? Worker { get; init; }

    /// <summary><c>manual</c> for a run someone asked for; null for a scheduled one.</summary>
    public string? Trigger { get; init; }

    /// <summary>The bounded tail of the command's output, as the worker kept it. Untrusted text: always escaped.</summary>
    public string? StdoutTail { get; init; }

    public string? StderrTail { get; init; }

    /// <summary>When the run is over (or was never started), for ordering: finished, else started, else scheduled.</summary>
    public DateTimeOffset At => FinishedAt ?? StartedAt ?? ScheduledAt;
}
