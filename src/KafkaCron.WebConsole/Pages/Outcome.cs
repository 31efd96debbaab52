using System.Globalization;
using System.Text;
using KafkaCron.WebConsole.Runs;

namespace KafkaCron.WebConsole.Pages;

/// <summary>An outcome drawn as colour, icon and words together (never colour alone), and the success-rate sparkline.</summary>
internal static class Outcome
{
    private const int BarWidth = 4;
    private const int BarGap = 1;
    private const int Height = 16;

    public static string Badge(string outcome)
    {
        var style = RunOutcomes.Style(outcome);
        return $"<span class=\"outcome {style.Kind}\" data-outcome=\"{Html.E(outcome)}\"><span class=\"icon\" aria-hidden=\"true\">{style.Icon}</span> {Html.E(style.Label)}</span>";
    }

    public static string Badge(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var exit = run.ExitCode is { } code ? $" <span class=\"exit\">exit {code}</span>"
            : run.Signal is { } signal ? $" <span class=\"exit\">signal {signal}</span>" : string.Empty;
        return Badge(run.Outcome) + exit;
    }

    /// <summary>
    /// One bar per run, oldest left: a full green bar for a success, a short red one for a failure, so the shape
    /// reads without colour too. Inline SVG: no script, no image request.
    /// </summary>
    public static string Sparkline(IReadOnlyList<RunRecord> runs, double? successRate)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            return "<span class=\"muted\">no runs</span>";
        }

        var succeeded = runs.Count(r => r.Outcome == RunOutcomes.Succeeded);
        var width = (runs.Count * (BarWidth + BarGap)) - BarGap;
        var label = $"{succeeded} of {runs.Count} recent runs succeeded";
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"spark\" width=\"{width}\" height=\"{Height}\" viewBox=\"0 0 {width} {Height}\" role=\"img\" aria-label=\"{label}\"><title>{label}</title>");
        for (var i = 0; i < runs.Count; i++)
        {
            var ok = runs[i].Outcome == RunOutcomes.Succeeded;
            var barHeight = ok ? Height : Height / 2;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{i * (BarWidth + BarGap)}\" y=\"{Height - barHeight}\" width=\"{BarWidth}\" height=\"{barHeight}\" class=\"{(ok ? "ok" : "bad")}\"/>");
        }

        svg.Append("</svg>");
        var percent = successRate is { } rate ? (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : string.Empty;
        return $"{svg} <span class=\"rate\">{percent}</span>";
    }
}
