using System.Text.RegularExpressions;
using KafkaCron.Cli.Commands;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary><c>make run</c> (<c>kcron dev</c> on examples/jobs.yaml) serves metrics where prometheus-dev.yml scrapes.</summary>
public sealed partial class DevStackPortsTests
{
    [Fact]
    public void PrometheusDevConfig_Targets_AreThePortsKcronDevPrintsForTheExampleJobFile()
    {
        var clusters = ClustersLine().Match(File.ReadAllText(RepositoryPaths.Of("examples", "jobs.yaml"))).Groups["list"].Value
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var workerPorts = Enumerable.Range(DevCommand.SchedulerMetricsPort + 1, clusters.Length * (DevCommand.WorkersPerCluster + 1));
        var config = File.ReadAllText(RepositoryPaths.Of("prometheus", "prometheus-dev.yml"));

        Assert.Equal($"localhost:{DevCommand.SchedulerMetricsPort}", Assert.Single(Targets(config, "kcron-scheduler")));
        Assert.Equal(workerPorts.Select(p => $"localhost:{p}"), Targets(config, "kcron-worker"));
        // kcron dev gives the console the port after the workers'.
        Assert.Equal($"localhost:{workerPorts.Last() + 1}", Assert.Single(Targets(config, "kcron-console")));
    }

    private static string[] Targets(string config, string job)
    {
        var match = new Regex($@"job_name: {Regex.Escape(job)}\s+static_configs:\s+- targets: \[(?<list>[^\]]*)\]").Match(config);
        Assert.True(match.Success, $"no static targets for {job} in prometheus-dev.yml");
        return match.Groups["list"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"^clusters:\s*\[(?<list>[^\]]*)\]", RegexOptions.Multiline)]
    private static partial Regex ClustersLine();
}
