using System.Text;

namespace KafkaCron.Integration.Tests.EndToEnd;

/// <summary>Job files for end-to-end runs: every job records its run through the stack's run log.</summary>
internal static class JobFiles
{
    public static string EverySecond(string runLogCommand, params (string Cluster, int Jobs)[] clusters)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("clusters: [" + string.Join(", ", clusters.Select(c => c.Cluster)) + "]");
        yaml.AppendLine("jobs:");
        foreach (var (cluster, jobs) in clusters)
        {
            for (var index = 1; index <= jobs; index++)
            {
                yaml.AppendLine($"  - name: {cluster}-job-{index}");
                yaml.AppendLine("    schedule: \"@every 1s\"");
                yaml.AppendLine($"    cluster: {cluster}");
                yaml.AppendLine($"    command: {Quote(runLogCommand)}");
            }
        }

        return yaml.ToString();
    }

    private static string Quote(string command) => "\"" + command.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
