using System.Globalization;
using System.Text;
using KafkaCron.Core.Jobs;
using KafkaCron.WebConsole.Jobs;
using KafkaCron.WebConsole.Runs;

namespace KafkaCron.WebConsole.Pages;

/// <summary>One job: its definition, next fires, trigger/pause/resume, and its runs with exit codes, durations and output tails.</summary>
internal static class JobPage
{
    public static string Fragment(JobDetails details, PageFrame frame, ConsoleFeatures features)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(features);
        var job = details.Job;
        var segment = Html.Segment(job.Name);
        var html = new StringBuilder();
        html.Append("<p class=\"crumbs\"><a href=\"/\">Jobs</a> / ").Append(Html.E(job.Name)).Append("</p>\n")
            .Append("<h1>").Append(Html.E(job.Name)).Append(JobsPage.Badges(details.Summary)).Append("</h1>\n")
            .Append(Layout.Notices(frame, details.Warnings));
        Facts(html, job, details);

        html.Append("<section class=\"actions\" aria-label=\"Actions\">");
        var why = Layout.WhyNoActions(frame);
        html.Append(Layout.ActionButton(frame, $"/api/v1/jobs/{segment}/trigger", "Run now", "primary",
            why ?? (features.Trigger is null ? FeatureMissing(ConsoleFeatures.TriggerName) : null)));
        var pauseWhy = why ?? (features.Pauses is null ? FeatureMissing(ConsoleFeatures.PausesName) : null);
        html.Append(details.Summary.Paused == true
            ? Layout.ActionButton(frame, $"/api/v1/jobs/{segment}/resume", "Resume", string.Empty, pauseWhy)
            : Layout.ActionButton(frame, $"/api/v1/jobs/{segment}/pause", "Pause", string.Empty, pauseWhy));
        if (why is not null)
        {
            html.Append("<p class=\"muted\">").Append(Html.E(why)).Append(frame.ActionsEnabled ? " (<a href=\"/login?returnUrl=" + Html.E(Uri.EscapeDataString(frame.ReturnUrl)) + "\">log in</a>)" : string.Empty).Append("</p>");
        }

        html.Append("</section>\n<h2>Runs</h2>\n");
        if (features.History is null)
        {
            html.Append("<p class=\"muted\">Run history is not available in this console.</p>\n");
            return html.ToString();
        }

        Runs(html, details.Runs, frame.Now);
        return html.ToString();
    }

    private static string FeatureMissing(string feature) => $"{feature} is not available in this console";

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
        }

        html.Append("</dd></dl>\n");
    }

    private static void Runs(StringBuilder html, IReadOnlyList<RunRecord> runs, DateTimeOffset now)
    {
        if (runs.Count == 0)
        {
            html.Append("<p class=\"muted\" id=\"no-runs\">No runs recorded yet.</p>\n");
            return;
        }

        html.Append("<table class=\"runs\">\n<thead><tr><th>Started</th><th>Attempt</th><th>Outcome</th><th>Duration</th><th>Worker</th><th>Fire</th></tr></thead>\n<tbody>\n");
        foreach (var run in runs)
        {
            var id = "out-" + Html.E(run.FireId) + "-" + run.Attempt.ToString(CultureInfo.InvariantCulture);
            html.Append("<tr class=\"run\" data-fire=\"").Append(Html.E(run.FireId)).Append("\"><td>").Append(Html.Time(run.StartedAt ?? run.ScheduledAt))
                .Append(" <span class=\"muted\">").Append(Html.Relative(run.At, now)).Append("</span></td><td>")
                .Append(run.Attempt.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Outcome.Badge(run)).Append("</td><td>")
                .Append(Html.Duration(run.Duration)).Append("</td><td>").Append(Html.E(run.Worker ?? "\u2014")).Append("</td><td><code>")
                .Append(Html.E(run.FireId)).Append("</code>").Append(run.Trigger is { } trigger ? " <span class=\"badge\">" + Html.E(trigger) + "</span>" : string.Empty)
                .Append("</td></tr>\n");
            if (run.StdoutTail is { Length: > 0 } || run.StderrTail is { Length: > 0 })
            {
                html.Append("<tr class=\"output\"><td colspan=\"6\"><details id=\"").Append(id).Append("\"><summary>output</summary>");
                Tail(html, "stdout", run.StdoutTail);
                Tail(html, "stderr", run.StderrTail);
                html.Append("</details></td></tr>\n");
            }
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void Tail(StringBuilder html, string stream, string? text)
    {
        if (text is { Length: > 0 })
        {
            html.Append("<p class=\"stream\">").Append(stream).Append(" (tail)</p><pre class=\"").Append(stream).Append("\">").Append(Html.E(text)).Append("</pre>");
        }
    }
}
