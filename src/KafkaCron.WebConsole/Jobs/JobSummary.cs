using KafkaCron.Core.Control;
using KafkaCron.Core.Runs;

namespace KafkaCron.WebConsole.Jobs;

/// <summary>One row of the jobs list (page and API).</summary>
/// <param name="NextFireAt">Null when the job is suspended in the file or never fires again.</param>
/// <param name="Paused">Null when the console could not read the control topic.</param>
/// <param name="Pause">Who paused the job, when and why, while it is paused.</param>
/// <param name="LastRun">The run that ended last, without its output.</param>
/// <param name="Recent">The outcomes of the job's latest runs that count for its success rate, oldest first (the sparkline).</param>
internal sealed record JobSummary(
    string Name,
    string Cluster,
    string Schedule,
    string TimeZone,
    DateTimeOffset? NextFireAt,
    bool Suspended,
    bool? Paused,
    JobPause? Pause,
    RunRecord? LastRun,
    IReadOnlyList<string> Recent)
{
    /// <summary>Succeeded runs among <see cref="Recent"/>, 0 to 1; null without any.</summary>
    public double? SuccessRate => Recent.Count == 0 ? null : (double)Recent.Count(o => o == RunOutcomes.Succeeded) / Recent.Count;

    /// <summary>
    /// Did the command run and end? Skipped, replaced and withheld fires say nothing about a job's health and stay out
    /// of its success rate.
    /// </summary>
    public static bool Counts(RunRecord run) => run.Outcome == RunOutcomes.Succeeded || RunOutcomes.IsFailure(run.Outcome);
}
