using System.Globalization;
using System.Text;
using KafkaCron.Core.Runs;
using KafkaCron.WebConsole.Jobs;

namespace KafkaCron.WebConsole.Pages;

/// <summary>The jobs list: filter, next fire, last outcome, duration, success-rate sparkline, one page at a time.</summary>
internal static class JobsPage
{
    /// <param name="window">How far back the run history behind the last runs and success rates was read.</param>
    public static string Fragment(JobListPage list, JobCatalogSnapshot catalog, PageFrame frame, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(frame);
        var html = new StringBuilder();
        html.Append("<h1>Jobs</h1>\n").Append(Layout.Notices(frame, list.Warnings));
        JobFileState(html, catalog);
        var query = list.Query;
        html.Append("<form class=\"filter\" method=\"get\" action=\"/\" role=\"search\">")
            .Append("<input type=\"search\" name=\"q\" value=\"").Append(Html.E(query.Filter))
            .Append("\" placeholder=\"name, cluster or schedule\" aria-label=\"Filter jobs\">")
            .Append("<select name=\"cluster\" aria-label=\"Cluster\"><option value=\"\">all clusters</option>");
        foreach (var cluster in catalog.Clusters)
        {
            html.Append("<option").Append(cluster == query.Cluster ? " selected" : string.Empty).Append('>').Append(Html.E(cluster)).Append("</option>");
        }

        html.Append("</select><button type=\"submit\">Filter</button></form>\n");
        var first = list.Matching == 0 ? 0 : ((query.Page - 1) * query.PageSize) + 1;
        var last = first == 0 ? 0 : first + list.Jobs.Count - 1;
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"count\">{Html.Number(first)}\u2013{Html.Number(last)} of {Html.Number(list.Matching)} matching, {Html.Number(list.Total)} jobs in the file</p>\n");
        html.Append("<table class=\"jobs\">\n<thead><tr><th>Job</th><th>Cluster</th><th>Schedule</th><th>Next fire</th><th>Last run</th><th>Duration</th><th>Success (last runs)</th></tr></thead>\n<tbody>\n");
        foreach (var job in list.Jobs)
        {
            Row(html, job, frame.Now);
        }

        if (list.Jobs.Count == 0)
        {
            html.Append("<tr><td colspan=\"7\" class=\"muted\">No job matches.</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"muted\">Last runs and success rates (of the last {JobList.RecentRuns} runs that ran) come from the run history, followed from {window.TotalHours:0} h before the console started; a job's page lists its runs with their output.</p>\n");
        Pager(html, list);
        return html.ToString();
    }

    private static void Row(StringBuilder html, JobSummary job, DateTimeOffset now)
    {
        html.Append("<tr data-job=\"").Append(Html.E(job.Name)).Append("\"><td><a href=\"/jobs/").Append(Html.E(Html.Segment(job.Name))).Append("\">")
            .Append(Html.E(job.Name)).Append("</a>").Append(Badges(job)).Append("</td><td>").Append(Html.E(job.Cluster))
            .Append("</td><td><code>").Append(Html.E(job.Schedule)).Append("</code> <span class=\"tz\">").Append(Html.E(job.TimeZone)).Append("</span></td><td>");
        if (job.NextFireAt is { } next)
        {
            html.Append(Html.Time(next)).Append(" <span class=\"muted\">").Append(Html.Relative(next, now)).Append("</span>");
        }
        else
        {
            html.Append("<span class=\"muted\">").Append(job.Suspended ? "suspended" : "never").Append("</span>");
        }

        html.Append("</td><td>");
        if (job.LastRun is { } run)
        {
            html.Append(Outcome.Badge(run)).Append(" <span class=\"muted\">").Append(Html.Relative(run.FinishedAt, now)).Append("</span>");
        }
        else
        {
            html.Append("<span class=\"muted\">\u2014</span>");
        }

        html.Append("</td><td class=\"num\">").Append(job.LastRun is { } last ? Html.E(RunText.Duration(last)) : "\u2014").Append("</td><td>")
            .Append(Outcome.Sparkline(job.Recent, job.SuccessRate)).Append("</td></tr>\n");
    }

    public static string Badges(JobSummary job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return (job.Pause is { } pause
                ? $" <span class=\"badge paused\" title=\"{Html.E(pause.Describe())}\">{Outcome.PauseIcon} paused</span>"
                : string.Empty)
            + (job.Suspended ? " <span class=\"badge suspended\">suspended in file</span>" : string.Empty);
    }

    public static void JobFileState(StringBuilder html, JobCatalogSnapshot catalog)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.Path is null)
        {
            html.Append("<p class=\"muted\">No job file given (--jobs): no jobs to list.</p>\n");
            return;
        }

        if (catalog.Problems.Count == 0)
        {
            return;
        }

        html.Append("<div class=\"warning\" role=\"alert\"><p>\u26A0 The job file on disk is not valid; ")
            .Append(catalog.LoadedAt is { } at ? "showing the one read at " + Html.Time(at) : "no valid version was read yet")
            .Append(".</p><ul>");
        foreach (var problem in catalog.Problems.Take(20))
        {
            html.Append("<li><code>").Append(Html.E(problem)).Append("</code></li>");
        }

        html.Append("</ul></div>\n");
    }

    private static void Pager(StringBuilder html, JobListPage list)
    {
        if (list.Pages <= 1)
        {
            return;
        }

        var query = list.Query;
        var common = "q=" + Uri.EscapeDataString(query.Filter) + (query.Cluster is null ? string.Empty : "&cluster=" + Uri.EscapeDataString(query.Cluster));
        html.Append("<nav class=\"pager\" aria-label=\"Pages\">");
        if (query.Page > 1)
        {
            html.Append("<a rel=\"prev\" href=\"/?").Append(Html.E(common)).Append("&amp;page=").Append(query.Page - 1).Append("\">\u2190 previous</a> ");
        }

        html.Append(CultureInfo.InvariantCulture, $"page {query.Page} of {list.Pages}");
        if (query.Page < list.Pages)
        {
            html.Append(" <a rel=\"next\" href=\"/?").Append(Html.E(common)).Append("&amp;page=").Append(query.Page + 1).Append("\">next \u2192</a>");
        }

        html.Append("</nav>\n");
    }
}
