using KafkaCron.Core.Retry;

namespace KafkaCron.Core.Jobs;

/// <summary>
/// One validated job from the job file. Exactly one of <see cref="Command"/> (run by <c>/bin/sh -c</c>)
/// and <see cref="Args"/> (exec'd without a shell) is set.
/// </summary>
public sealed record JobDefinition
{
    public static readonly TimeSpan DefaultCatchUpWindow = TimeSpan.FromHours(1);

    /// <summary>The environment of a job that sets none, shared by all of them.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoEnv = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    public required string Name { get; init; }

    /// <summary>The schedule as written: a cron expression, a descriptor such as <c>@daily</c>, or <c>@every 90s</c>.</summary>
    public required string Schedule { get; init; }

    /// <summary>IANA time zone id; the schedule's wall times are read in this zone.</summary>
    public string TimeZone { get; init; } = "UTC";

    public required string Cluster { get; init; }

    public string? Command { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>How long one run may take before its process tree is stopped; null means no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    public IReadOnlyDictionary<string, string> Env { get; init; } = NoEnv;

    public string? WorkingDirectory { get; init; }

    /// <summary>A suspended job stays in the file, is validated, and is never fired.</summary>
    public bool Suspend { get; init; }

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public ConcurrencyPolicy ConcurrencyPolicy { get; init; } = ConcurrencyPolicy.Allow;

    public MisfirePolicy MisfirePolicy { get; init; } = MisfirePolicy.FireOnce;

    /// <summary>How far back <see cref="MisfirePolicy.FireAll"/> reaches after an outage.</summary>
    public TimeSpan CatchUpWindow { get; init; } = DefaultCatchUpWindow;
}
