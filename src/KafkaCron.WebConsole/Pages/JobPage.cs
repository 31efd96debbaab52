using System.Globalization;
using System.Text;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.WebConsole.Jobs;

namespace KafkaCron.WebConsole.Pages;

/// <summary>
/// One job: its definition, next fires, whether it is paused, Run now / Pause / Resume, and its runs with exit codes,
/// durations and output tails, each read the way <c>kcron history</c> shows it (<see cref="RunText"/>).
/// </summary>
internal static class JobPage
{
    /// <summary>How much of a run's first line of output the runs table shows; the whole tails unfold under it.</summary>
    private const int FirstLineWidth = 80;

    /// <param name="window">How far back the runs were read.</param>
    public static string Fragment(JobDetails details, PageFrame frame, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(frame);
        var job = details.Job;
        var html = new StringBuilder();
        html.Append("<p class=\"crumbs\"><a href=\"/\">Jobs</a> / ").Append(Html.E(job.Name)).Append("</p>\n")
            .Append("<h1>").Append(Html.E(job.Name)).Append(JobsPage.Badges(details.Summary)).Append("</h1>\n")
            .Append(Layout.Notices(frame, details.Warnings));
        if (details.Summary.Pause is { } pause)
        {
            html.Append("<p class=\"paused-state\" role=\"status\">").Append(Outcome.PauseIcon).Append(" Paused by ").Append(Html.E(pause.By)).Append(" at ").Append(Html.Time(pause.At))
                .Append(" <span class=\"muted\">(").Append(Html.Relative(pause.At, frame.Now)).Append(")</span>")
                .Append(string.IsNullOrEmpty(pause.Reason) ? string.Empty : ": " + Html.E(pause.Reason))
                .Append(". The leading scheduler withholds its fires and records each as paused; Resume lifts it.</p>\n");
        }

        Facts(html, job, details);
        Actions(html, details, frame);
        html.Append("<h2>Runs</h2>\n");
        Runs(html, details, frame.Now, window);
        return html.ToString();
    }

    private static void Facts(StringBuilder html, JobDefinition job, JobDetails details)
    {
        html.Append("<dl class=\"facts\">")
            .Append("<dt>Cluster</dt><dd>").Append(Html.E(job.Cluster)).Append("</dd>")
            .Append("<dt>Schedule</dt><dd><code>").Append(Html.E(job.Schedule)).Append("</code> in ").Append(Html.E(job.TimeZone)).Append("</dd>")
            .Append("<dt>Command</dt><dd><code>")
            .Append(Html.E(job.Command ?? string.Join(' ', (job.Args ?? []).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a))))
            .Append("</code></dd>")
            .Append("<dt>Timeout</dt><dd>").Append(job.Timeout is { } timeout ? Html.E(DurationFormat.Format(timeout)) : "none").Append("</dd>")
            .Append("<dt>Retries</dt><dd>").Append(CultureInfo.InvariantCulture, $"{job.Retry.MaxAttempts} attempt(s)").Append("</dd>")
            .Append("<dt>Overlap</dt><dd>").Append(Html.E(ConcurrencyPolicyNames.Of(job.ConcurrencyPolicy))).Append("</dd>")
            .Append("<dt>Next fires</dt><dd>");
        if (details.NextFires.Count == 0)
        {
            html.Append(job.Suspend ? "none: suspended in the job file" : "none");
        }
        else
        {
            html.Append("<ol class=\"next\">");
            foreach (var at in details.NextFires)
            {
                html.Append("<li>").Append(Html.Time(at)).Append("</li>");
            }

            html.Append("</ol>");
            if (details.Summary.Paused == true)
            {
                html.Append("<span class=\"muted\">withheld while the job is paused</span>");
            }
        }

        html.Append("</dd></dl>\n");
    }

    /// <summary>
    /// Run now, and Pause (with its reason) or Resume as the job's state asks; both when the control topic could not
    /// be read, since either is harmless: a pause is written again, a resume of a job that is not paused writes nothing.
    /// </summary>
    private static void Actions(StringBuilder html, JobDetails details, PageFrame frame)
    {
        var job = details.Job;
        var segment = Html.Segment(job.Name);
        var why = Layout.WhyNoActions(frame);
        html.Append("<section class=\"actions\" aria-label=\"Actions\">")
            .Append(Layout.ActionButton(frame, $"/api/v1/jobs/{segment}/trigger", "Run now", "primary", why));
        if (details.Summary.Paused != true)
        {
            html.Append(Layout.ActionButton(frame, $"/api/v1/jobs/{segment}/pause", "Pause", string.Empty, why,
                $"<input type=\"text\" name=\"reason\" maxlength=\"{Api.PauseReason.MaxLength}\" placeholder=\"why (optional)\" aria-label=\"Why the job is paused\">"));
        }

        if (details.Summary.Paused != false)
        {
            html.Append(Layout.ActionButton(frame, $"/api/v1/jobs/{segment}/resume", "Resume", string.Empty, why));
        }

        html.Append("<p class=\"muted\">Run now publishes a manual fire, as <code>kcron trigger</code> does: workers admit it like a scheduled one (overlap <code>")
            .Append(Html.E(ConcurrencyPolicyNames.Of(job.ConcurrencyPolicy))).Append("</code>, retries). Pause withholds its fires on every scheduler until resumed.");
        if (why is not null)
        {
            html.Append(' ').Append(Html.E(char.ToUpperInvariant(why[0]) + why[1..])).Append(frame.ActionsEnabled ? " (<a href=\"/login?returnUrl=" + Html.E(Uri.EscapeDataString(frame.ReturnUrl)) + "\">log in</a>)." : ".");
        }

        html.Append("</p></section>\n");
    }

    private static void Runs(StringBuilder html, JobDetails details, DateTimeOffset now, TimeSpan window)
    {
        var runs = details.Runs;
        var span = FormattableString.Invariant($"{window.TotalHours:0} h");
        if (runs.Count == 0)
        {
            html.Append("<p class=\"muted\" id=\"no-runs\">No runs recorded in the last ").Append(span).Append(".</p>\n");
            return;
        }

        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"count\">The newest {Html.Number(runs.Count)} of {Html.Number(details.Matched)} run(s) of the last {span}, newest first.</p>\n");
        html.Append("<table class=\"runs\">\n<thead><tr><th>When</th><th>Attempt</th><th>Trigger</th><th>Outcome</th><th>Duration</th><th>Worker</th><th>Output</th></tr></thead>\n<tbody>\n");
        foreach (var run in runs)
        {
            var when = RunHistory.When(run);
            html.Append("<tr class=\"run\" data-fire=\"").Append(Html.E(run.FireId)).Append("\" data-attempt=\"").Append(run.Attempt).Append("\"><td>")
                .Append(Html.Instant(when)).Append(" <span class=\"muted\">").Append(Html.Relative(when, now)).Append("</span></td><td class=\"num\">")
                .Append(run.Attempt.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(run.Trigger == FireTriggers.Manual ? "<span class=\"badge\">manual</span>" : "<span class=\"muted\">" + Html.E(run.Trigger) + "</span>")
                .Append("</td><td class=\"outcome-cell\">").Append(Outcome.Badge(run)).Append("</td><td class=\"num\">").Append(Html.E(RunText.Duration(run)))
                .Append("</td><td>").Append(Html.E(run.Worker ?? "\u2014")).Append("</td><td class=\"first-line\">")
                .Append(Html.E(RunText.FirstLine(run, FirstLineWidth))).Append("</td></tr>\n");
            html.Append("<tr class=\"output\"><td colspan=\"7\"><details id=\"out-").Append(Html.E(run.FireId)).Append('-').Append(run.Attempt)
                .Append("\"><summary>output and details</summary>");
            Where(html, run);
            Tail(html, "stdout", "stdout (tail)", run.StdoutTail);
            Tail(html, "stderr", "stderr (tail)", run.StderrTail);
            Tail(html, "detail", "detail", run.Detail);
            html.Append("</details></td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>Which fire the run was, for <c>kcron history --json</c> and the dead letters: its id, instant and where a worker read it.</summary>
    private static void Where(StringBuilder html, RunRecord run)
    {
        html.Append("<p class=\"stream\">fire <code class=\"fire\">").Append(Html.E(run.FireId)).Append("</code>, scheduled for ")
            .Append(Html.Instant(run.ScheduledAt));
        if (run.SourceTopic is { } topic)
        {
            html.Append(", read from ").Append(Html.E(topic)).Append(CultureInfo.InvariantCulture, $" [{run.SourcePartition}] @{run.SourceOffset}");
        }

        if (run.RemainingAttempts is { } left)
        {
            html.Append(CultureInfo.InvariantCulture, $", {left} attempt(s) left");
        }

        html.Append("</p>");
    }

    private static void Tail(StringBuilder html, string kind, string label, string? text)
    {
        if (text is { Length: > 0 })
        {
            html.Append("<p class=\"stream\">").Append(label).Append("</p><pre class=\"").Append(kind).Append("\">").Append(Html.E(text)).Append("</pre>");
        }
    }
}
