using System.Text.Json;
using System.Text.RegularExpressions;
using KafkaCron.Integration.Tests.Telemetry;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>
/// Every dashboard's PromQL parses in a real Prometheus, names only metrics that exist, and the dashboards are wired
/// to the provisioned datasource. (Whether they return series is checked against the running dev stack.)
/// </summary>
public sealed partial class GrafanaDashboardTests(PrometheusServerFixture prometheus) : IClassFixture<PrometheusServerFixture>
{
    private const string DatasourceUid = "kcron-prometheus";

    public static TheoryData<string> DashboardFiles() => new(Dashboards.Files().Select(Path.GetFileName)!);

    [Fact]
    public void Dashboards_Directory_HoldsTheFourDashboards() =>
        Assert.Equal(
            ["kafka-broker.json", "kcron-cluster-jobs.json", "kcron-fleet-overview.json", "kcron-scheduler.json"],
            Dashboards.Files().Select(Path.GetFileName));

    [SkippableTheory]
    [MemberData(nameof(DashboardFiles))]
    public async Task Queries_EveryExpression_ParsesInPrometheus(string file)
    {
        Skip.If(prometheus.Unavailable is not null, prometheus.Unavailable);
        var failures = new List<string>();

        foreach (var query in Dashboards.Queries(Path.Combine(Dashboards.Directory, file)))
        {
            var promql = Dashboards.ToPromQl(query.Expression);
            var (status, result, error) = await prometheus.QueryAsync(promql);
            if (status != 200 || result != "success")
            {
                failures.Add($"{query.Location}: {status} {error}\n  {promql}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [SkippableFact]
    public async Task QueryAsync_InvalidPromQl_IsRejected()
    {
        Skip.If(prometheus.Unavailable is not null, prometheus.Unavailable);

        var (status, result, error) = await prometheus.QueryAsync("sum by (cluster) (rate(kcron_jobs_completed_total[5m])");

        Assert.Equal(400, status);
        Assert.Equal("error", result);
        Assert.Contains("parse error", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Panels_EveryQueryPanel_UsesTheProvisionedDatasourceAndDefinedVariables(string file)
    {
        var dashboard = Dashboards.Load(Path.Combine(Dashboards.Directory, file));
        var defined = Dashboards.Variables(dashboard).Select(v => v.GetProperty("name").GetString()).ToHashSet();
        var panels = Dashboards.Panels(dashboard).ToList();

        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            Assert.Equal(DatasourceUid, panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
            Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("description").GetString()), panel.GetProperty("title").GetString());
        }

        foreach (var query in Dashboards.Queries(Path.Combine(Dashboards.Directory, file)))
        {
            Assert.False(string.IsNullOrWhiteSpace(query.Expression), query.Location);
            Assert.All(Dashboards.VariablesUsed(query.Expression), v => Assert.Contains(v, defined));
        }
    }

    [Fact]
    public void Dashboards_Uids_AreUnique()
    {
        var uids = Dashboards.Files().Select(f => Dashboards.Load(f).GetProperty("uid").GetString()).ToList();

        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Queries_KafkaCronMetricNames_AreFamiliesTheExporterServes()
    {
        var unknown = Dashboards.Files().SelectMany(Dashboards.Queries)
            .SelectMany(q => MetricNames(q.Expression, "kcron_").Select(name => $"{q.Dashboard} {q.Location}: {name}"))
            .Where(entry => !PrometheusNames.IsServed(entry[(entry.LastIndexOf(' ') + 1)..]));

        Assert.Empty(unknown);
    }

    [Fact]
    public void AlertRules_KafkaCronMetricNames_AreFamiliesTheExporterServes()
    {
        var unknown = AlertRules.Load()
            .SelectMany(rule => MetricNames(rule.Expression, "kcron_").Select(name => (rule.Name, name)))
            .Where(entry => !PrometheusNames.IsServed(entry.name));

        Assert.Empty(unknown);
    }

    [Fact]
    public void KafkaDashboard_BrokerMetricNames_AreProducedByTheJmxExporterConfig()
    {
        var config = File.ReadAllText(RepositoryPaths.Of("prometheus", "jmx-exporter", "kafka-broker.yml"));
        var produced = JmxName().Matches(config).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

        var used = Dashboards.Queries(Path.Combine(Dashboards.Directory, "kafka-broker.json"))
            .SelectMany(q => MetricNames(q.Expression, "kafka_"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(produced));
    }

    [Fact]
    public void Provisioning_Datasource_HasTheUidTheDashboardsUse()
    {
        var datasource = File.ReadAllText(RepositoryPaths.Of("grafana", "provisioning", "datasources", "kafkacron.yml"));

        Assert.Contains($"uid: {DatasourceUid}", datasource, StringComparison.Ordinal);
    }

    // Metric names with the prefix, minus the label `kcron_job`; label values are quoted and so never match.
    private static IEnumerable<string> MetricNames(string promql, string prefix) =>
        Identifier().Matches(StringLiteral().Replace(promql, "\"\""))
            .Select(m => m.Value)
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name != "kcron_job")
            .Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^\s*name:\s*(?<name>kafka_\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex JmxName();
}
