namespace KafkaCron.WebConsole.Runs;

/// <summary>The outcomes a run record names, and how the console draws each: a colour class and an icon, never colour alone.</summary>
internal static class RunOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string TimedOut = "timed-out";
    public const string Killed = "killed";

    /// <summary>The kind of an outcome: <c>ok</c>, <c>bad</c>, or <c>skip</c> for a fire that did not run by design.</summary>
    public static OutcomeStyle Style(string outcome) => outcome switch
    {
        Succeeded => new("ok", "\u2714", "succeeded"),
        Failed => new("bad", "\u2716", "failed"),
        TimedOut => new("bad", "\u23F1", "timed out"),
        Killed => new("bad", "\u2620", "killed"),
        "paused" => new("skip", "\u23F8", "paused"),
        "skipped-overlap" => new("skip", "\u21B7", "skipped: still running"),
        "skipped-duplicate" => new("skip", "\u21B7", "skipped: duplicate"),
        "stale-epoch" => new("skip", "\u21B7", "skipped: stale epoch"),
        "replaced" => new("skip", "\u21BB", "replaced"),
        _ => new("unknown", "?", outcome),
    };

    /// <summary>Did the command run and end? Skipped fires say nothing about a job's health and stay out of its success rate.</summary>
    public static bool Counts(string outcome) => outcome is Succeeded or Failed or TimedOut or Killed;
}

/// <param name="Kind">The CSS class: <c>ok</c>, <c>bad</c>, <c>skip</c> or <c>unknown</c>.</param>
/// <param name="Icon">A symbol that tells the kind apart without colour.</param>
/// <param name="Label">Words for the outcome.</param>
internal sealed record OutcomeStyle(string Kind, string Icon, string Label);
