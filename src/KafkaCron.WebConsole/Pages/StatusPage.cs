using System.Globalization;
using System.Text;
using KafkaCron.WebConsole.Status;

namespace KafkaCron.WebConsole.Pages;

/// <summary>The scheduler leader and its epoch, the standbys, the checkpoint; per cluster, the workers and the lag of each partition.</summary>
internal static class StatusPage
{
    public static string Fragment(ConsoleStatus status, PageFrame frame)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(frame);
        var html = new StringBuilder();
        html.Append("<h1>Cluster status</h1>\n").Append(Layout.Notices(frame, []));
        Election(html, status.Election, frame.Now);
        foreach (var cluster in status.Clusters)
        {
            html.Append("<section class=\"cluster\" data-cluster=\"").Append(Html.E(cluster.Cluster)).Append("\"><h2>Cluster ")
                .Append(Html.E(cluster.Cluster)).Append("</h2>\n");
            if (cluster.Error is { } error)
            {
                html.Append("<p class=\"warning\" role=\"alert\">\u26A0 ").Append(Html.E(error)).Append("</p>\n");
            }

            foreach (var group in cluster.Groups)
            {
                Group(html, group);
            }

            html.Append("</section>\n");
        }

        return html.ToString();
    }

    private static void Election(StringBuilder html, ElectionView election, DateTimeOffset now)
    {
        html.Append("<section class=\"election\"><h2>Scheduler</h2>\n");
        if (!election.Configured)
        {
            html.Append("<p class=\"muted\">No ZooKeeper given (--zookeeper): a single scheduler without election, or the console cannot see it.</p></section>\n");
            return;
        }

        if (election.Error is { } error)
        {
            html.Append("<p class=\"warning\" role=\"alert\">\u26A0 ").Append(Html.E(error)).Append(". Without ZooKeeper no replica can prove that it leads, so none publishes fires.</p></section>\n");
            return;
        }

        var status = election.Status!;
        if (!status.DeploymentExists || status.Candidates.Count == 0)
        {
            html.Append("<p class=\"warning\" role=\"alert\">\u26A0 No scheduler replica takes part in the election of deployment <code>")
                .Append(Html.E(status.DeploymentId)).Append("</code>: nothing publishes fires.</p></section>\n");
            return;
        }

        var leader = status.Candidates[0];
        html.Append("<dl class=\"facts\"><dt>Leader</dt><dd class=\"leader\">").Append(Html.E(leader.ReplicaId))
            .Append(" <span class=\"muted\">since ").Append(Html.Time(leader.Since)).Append("</span></dd>")
            .Append("<dt>Epoch</dt><dd class=\"epoch\">").Append(status.Epoch?.ToString(CultureInfo.InvariantCulture) ?? "\u2014")
            .Append(status.EpochChangedAt is { } changed ? " <span class=\"muted\">(" + Html.Relative(changed, now) + ")</span>" : string.Empty).Append("</dd>")
            .Append("<dt>Standbys</dt><dd>");
        html.Append(status.Candidates.Count == 1 ? "none" : string.Join(", ", status.Candidates.Skip(1).Select(c => Html.E(c.ReplicaId))));
        html.Append("</dd><dt>Checkpoint</dt><dd>");
        if (status.CheckpointError is { } refused)
        {
            html.Append("<span class=\"outcome bad\">\u2716 refused</span> ").Append(Html.E(refused));
        }
        else if (status.Checkpoint is { } checkpoint)
        {
            html.Append("written ").Append(Html.Time(checkpoint.WrittenAt)).Append(" <span class=\"muted\">(epoch ")
                .Append(checkpoint.Epoch.ToString(CultureInfo.InvariantCulture)).Append(")</span>");
        }
        else
        {
            html.Append("none yet");
        }

        html.Append("</dd></dl></section>\n");
    }

    private static void Group(StringBuilder html, GroupView group)
    {
        html.Append("<h3>").Append(Html.E(group.Group)).Append(" <span class=\"muted\">on ").Append(Html.E(group.Topic)).Append(", ")
            .Append(Html.E(group.State)).Append(", lag ").Append(Html.Number(group.TotalLag)).Append("</span></h3>\n");
        html.Append("<div class=\"columns\"><table class=\"members\"><thead><tr><th>Worker</th><th>Host</th><th>Partitions</th></tr></thead><tbody>");
        if (group.Members is null)
        {
            html.Append("<tr><td colspan=\"3\" class=\"muted\">This Kafka does not describe consumer groups (librdkafka's mock cluster cannot): workers unknown.</td></tr>");
        }

        foreach (var member in group.Members ?? [])
        {
            html.Append("<tr><td>").Append(Html.E(member.ClientId)).Append("</td><td>").Append(Html.E(member.Host)).Append("</td><td>")
                .Append(string.Join(", ", member.Partitions.Select(p => p.ToString(CultureInfo.InvariantCulture)))).Append("</td></tr>");
        }

        if (group.Members is { Count: 0 })
        {
            html.Append("<tr><td colspan=\"3\" class=\"warning\">\u26A0 no worker in this group</td></tr>");
        }

        html.Append("</tbody></table><table class=\"lag\"><thead><tr><th>Partition</th><th>Committed</th><th>End</th><th>Lag</th></tr></thead><tbody>");
        foreach (var partition in group.Partitions)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{partition.Partition}</td><td>")
                .Append(partition.Committed is { } committed ? Html.Number(committed) : "none")
                .Append("</td><td>").Append(Html.Number(partition.End)).Append("</td><td class=\"num\">").Append(Html.Number(partition.Lag)).Append("</td></tr>");
        }

        html.Append("</tbody></table></div>\n");
    }
}
