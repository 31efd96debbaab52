using System.Globalization;
using System.Text;
using KafkaCron.WebConsole.DeadLetters;

namespace KafkaCron.WebConsole.Pages;

/// <summary>The newest dead letters of a cluster: when, why, which fire, and a replay button for those that hold a fire.</summary>
internal static class DeadLettersPage
{
    public static string Fragment(string? cluster, IReadOnlyList<string> clusters, IReadOnlyList<DeadLetterRow> rows, string? error, int perPartition, PageFrame frame)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(frame);
        var html = new StringBuilder();
        html.Append("<h1>Dead letters</h1>\n").Append(Layout.Notices(frame, error is null ? [] : [error]));
        html.Append("<nav class=\"tabs\" aria-label=\"Clusters\">");
        foreach (var name in clusters)
        {
            html.Append("<a href=\"/dead-letters?cluster=").Append(Html.E(Uri.EscapeDataString(name))).Append('"')
                .Append(name == cluster ? " aria-current=\"page\"" : string.Empty).Append('>').Append(Html.E(name)).Append("</a>");
        }

        html.Append("</nav>\n");
        if (cluster is null)
        {
            html.Append("<p class=\"muted\">No cluster is known: give a job file (--jobs) or --cluster.</p>\n");
            return html.ToString();
        }

        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"count\">{Html.Number(rows.Count)} dead letter(s) in <code>{Html.E(cluster)}</code>, newest first (the newest {Html.Number(perPartition)} of each partition are read).</p>\n");
        if (rows.Count == 0)
        {
            return html.Append(error is null ? "<p class=\"muted\">Nothing here: no fire ended in the dead-letter topic.</p>\n" : string.Empty).ToString();
        }

        var why = Layout.WhyNoActions(frame);
        html.Append("<table class=\"dead-letters\">\n<thead><tr><th>Dead-lettered</th><th>Reason</th><th>Job</th><th>Fire</th><th>Attempts</th><th>Worker</th><th>Partition/offset</th><th></th></tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr data-fire=\"").Append(Html.E(row.FireId ?? string.Empty)).Append("\"><td>").Append(Html.Time(row.DeadLetteredAt)).Append("</td><td><span class=\"outcome bad\"><span class=\"icon\" aria-hidden=\"true\">\u2716</span> ")
                .Append(Html.E(row.Reason)).Append("</span>");
            if (row.Detail is { Length: > 0 } detail)
            {
                html.Append("<div class=\"detail\">").Append(Html.E(detail)).Append("</div>");
            }

            html.Append("</td><td>").Append(row.Job is { } job ? "<a href=\"/jobs/" + Html.E(Html.Segment(job)) + "\">" + Html.E(job) + "</a>" : "\u2014")
                .Append("</td><td><code>").Append(Html.E(row.FireId ?? "\u2014")).Append("</code></td><td>")
                .Append(row.Attempts?.ToString(CultureInfo.InvariantCulture) ?? "\u2014").Append("</td><td>").Append(Html.E(row.Worker ?? "\u2014"))
                .Append(CultureInfo.InvariantCulture, $"</td><td>{row.Partition}/{row.Offset}</td><td>");
            html.Append(row.FireId is { } fireId
                ? Layout.ActionButton(frame, $"/api/v1/dead-letters/{Html.Segment(fireId)}/replay?cluster={Uri.EscapeDataString(row.Cluster)}", "Replay", string.Empty, why)
                : "<span class=\"muted\" title=\"the record never decoded: it holds the original bytes, not a fire\">not replayable</span>");
            html.Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        return html.ToString();
    }
}
