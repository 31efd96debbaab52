using System.Globalization;
using System.Text;
using KafkaCron.Core.Runs;

namespace KafkaCron.WebConsole.Pages;

/// <summary>
/// An outcome drawn as colour, icon and words together (never colour alone), its exit as <see cref="RunText"/> spells
/// it for <c>kcron history</c>, and the success-rate sparkline.
/// </summary>
internal static class Outcome
{
    /// <summary>Paused, as a run's outcome and as a job's badge: two heavy bars, which the common text fonts draw (U+23F8 many lack).</summary>
    public const string PauseIcon = "\u275A\u275A";

    private const int BarWidth = 4;
    private const int BarGap = 1;
    private const int Height = 16;

    public static string Badge(string outcome)
    {
        var style = Style(outcome);
        return $"<span class=\"outcome {style.Kind}\" data-outcome=\"{Html.E(outcome)}\"><span class=\"icon\" aria-hidden=\"true\">{style.Icon}</span> {Html.E(style.Label)}</span>";
    }

    /// <summary>The outcome, then <c>exit 2</c> or the signal's name (<c>SIGKILL</c>) when the process ended.</summary>
    public static string Badge(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var exit = RunText.Exit(run);
        return exit == RunText.None ? Badge(run.Outcome)
            : $"{Badge(run.Outcome)} <span class=\"exit\">{(run.Signal is null ? "exit " : string.Empty)}{Html.E(exit)}</span>";
    }

    /// <summary>
    /// One bar per run, oldest left: a full green bar for a success, a short red one for a failure, so the shape
    /// reads without colour too. Inline SVG: no script, no image request.
    /// </summary>
    /// <param name="outcomes">The outcomes of the runs that ran, oldest first.</param>
    public static string Sparkline(IReadOnlyList<string> outcomes, double? successRate)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
        {
            return "<span class=\"muted\">no runs</span>";
        }

        var succeeded = outcomes.Count(o => o == RunOutcomes.Succeeded);
        var width = (outcomes.Count * (BarWidth + BarGap)) - BarGap;
        var label = $"{succeeded} of {outcomes.Count} recent runs succeeded";
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"spark\" width=\"{width}\" height=\"{Height}\" viewBox=\"0 0 {width} {Height}\" role=\"img\" aria-label=\"{label}\"><title>{label}</title>");
        for (var i = 0; i < outcomes.Count; i++)
        {
            var ok = outcomes[i] == RunOutcomes.Succeeded;
            var barHeight = ok ? Height : Height / 2;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{i * (BarWidth + BarGap)}\" y=\"{Height - barHeight}\" width=\"{BarWidth}\" height=\"{barHeight}\" class=\"{(ok ? "ok" : "bad")}\"/>");
        }

        svg.Append("</svg>");
        var percent = successRate is { } rate ? (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : string.Empty;
        return $"{svg} <span class=\"rate\">{percent}</span>";
    }

    /// <summary>How each outcome of a run record (<see cref="RunOutcomes"/>) is drawn; one this build does not know shows as it is.</summary>
    private static OutcomeStyle Style(string outcome) => outcome switch
    {
        RunOutcomes.Succeeded => new("ok", "\u2714", "succeeded"),
        RunOutcomes.Failed => new("bad", "\u2716", "failed"),
        RunOutcomes.TimedOut => new("bad", "\u25F7", "timed out"),
        RunOutcomes.Killed => new("bad", "\u2620", "killed"),
        RunOutcomes.Paused => new("skip", PauseIcon, "paused"),
        RunOutcomes.SkippedOverlap => new("skip", "\u21B7", "skipped: still running"),
        RunOutcomes.SkippedDuplicate => new("skip", "\u21B7", "skipped: duplicate"),
        RunOutcomes.StaleEpoch => new("skip", "\u21B7", "skipped: stale epoch"),
        RunOutcomes.Replaced => new("skip", "\u21BB", "replaced"),
        _ => new("unknown", "?", outcome),
    };

    /// <param name="Kind">The CSS class: <c>ok</c>, <c>bad</c>, <c>skip</c> (did not run, by design) or <c>unknown</c>.</param>
    /// <param name="Icon">A symbol that tells the kind apart without colour.</param>
    private sealed record OutcomeStyle(string Kind, string Icon, string Label);
}
