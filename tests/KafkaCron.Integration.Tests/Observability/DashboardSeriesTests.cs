using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>
/// Every KafkaCron dashboard query returns series against the running stack (the drill's), or is listed here with
/// the reason it is legitimately empty on a healthy stack.
/// </summary>
[Collection(DrillCollection.Name)]
public sealed class DashboardSeriesTests(DrillStackFixture drill, ITestOutputHelper output)
{
    /// <summary>Dashboards that cannot have data on this stack.</summary>
    private static readonly Dictionary<string, string> EmptyDashboards = new(StringComparer.Ordinal)
    {
        ["kafka-broker.json"] = "the JMX exporter runs in real brokers only; the stack's Kafka is librdkafka's mock cluster",
    };

    /// <summary>Queries (by dashboard and location) that may be empty on a healthy stack, and why; they must still parse.</summary>
    private static readonly Dictionary<string, string> EmptyWhenHealthy = new(StringComparer.Ordinal)
    {
        ["kcron-cluster-jobs.json panel 'Failure ratio, last hour (top 10)' A"] =
            "no attempt fails on a healthy stack: the failed-outcome series the numerator needs does not exist",
        ["kcron-cluster-jobs.json panel 'Retries published' A"] =
            "a counter series appears with its first event, and a healthy stack has none (no retries)",
        ["kcron-cluster-jobs.json panel 'Dead letters' A"] =
            "a counter series appears with its first event, and a healthy stack has none (no dead letters)",
        ["kcron-cluster-jobs.json panel 'Fires skipped' A"] =
            "a counter series appears with its first event, and a healthy stack has none (no misfires)",
        ["kcron-cluster-jobs.json panel 'Decode failures' A"] =
            "a counter series appears with its first event, and a healthy stack has none (no undecodable messages)",
        ["kcron-cluster-jobs.json panel 'Kafka client errors (this cluster's workers)' A"] =
            "a counter series appears with its first event, and a healthy stack has none (no client errors)",
        ["kcron-fleet-overview.json panel 'Failure ratio' A"] =
            "no attempt fails on a healthy stack: the failed-outcome series the numerator needs does not exist",
        ["kcron-fleet-overview.json panel 'Firing alerts' A"] =
            "nothing but the Watchdog fires on a healthy stack, and the panel leaves it out",
        ["kcron-scheduler.json panel 'Epoch per replica' A"] =
            "recorded only under leader election (ZooKeeper); this stack's scheduler runs without it",
        ["kcron-scheduler.json panel 'Leadership changes (24 h)' A"] =
            "recorded only under leader election (ZooKeeper); this stack's scheduler runs without it",
        ["kcron-scheduler.json panel 'Checkpoint age' A"] =
            "recorded only under leader election (ZooKeeper); this stack's scheduler runs without it",
        ["kcron-scheduler.json panel 'Publish errors per cluster' A"] =
            "a counter series appears with its first event, and a healthy stack has none (no failed publish)",
        ["kcron-scheduler.json panel 'Fires skipped by reason' A"] =
            "a counter series appears with its first event, and a healthy stack has none (no misfires)",
        ["kcron-scheduler.json panel 'Job file reloads' A"] =
            "a counter series appears with its first event, and a healthy stack has none (the job file was not changed; the failing-job drill changes it)",
        ["kcron-scheduler.json panel 'Kafka client errors' A"] =
            "a counter series appears with its first event, and a healthy stack has none (no client errors)",
    };

    [SkippableFact]
    public async Task Queries_EveryKafkaCronDashboardQuery_ReturnsSeriesOrIsListedAsEmptyWhenHealthy()
    {
        Skip.If(drill.Unavailable is not null, drill.Unavailable);
        await drill.EnsureWorkersRunningAsync();
        await drill.WaitForQueryAsync("kcron_canary_last_success_seconds", TimeSpan.FromSeconds(60));
        // Rates need two samples of a series inside their window: let Prometheus scrape the running stack a while.
        await drill.WaitForQueryAsync(
            "count(count_over_time(kcron_jobs_completed_total{outcome=\"succeeded\"}[1m]) >= 10)", TimeSpan.FromSeconds(60));

        var empty = new List<string>();
        foreach (var file in Dashboards.Files().Where(f => !EmptyDashboards.ContainsKey(Path.GetFileName(f))))
        {
            foreach (var query in Dashboards.Queries(file))
            {
                var key = $"{query.Dashboard} {query.Location}";
                var promql = Dashboards.ToPromQl(WithStackValues(query.Expression));
                // Throws on a parse or evaluation error, listed or not.
                var series = await drill.QueryAsync(promql);
                if (series.Count == 0 && !EmptyWhenHealthy.ContainsKey(key))
                {
                    empty.Add($"{key}: {promql}");
                }
            }
        }

        output.WriteLine(string.Join('\n', empty));
        Assert.True(empty.Count == 0, "queries without series:\n" + string.Join('\n', empty));
    }

    [SkippableFact]
    public async Task Queries_KafkaBrokerDashboard_ParseAgainstTheStack()
    {
        Skip.If(drill.Unavailable is not null, drill.Unavailable);

        foreach (var file in EmptyDashboards.Keys)
        {
            foreach (var query in Dashboards.Queries(Path.Combine(Dashboards.Directory, file)))
            {
                // Throws on a parse or evaluation error; an empty result is expected here.
                await drill.QueryAsync(Dashboards.ToPromQl(query.Expression));
            }
        }
    }

    [SkippableFact]
    public async Task MetricsDocExample_P90RuntimePerQueueOver10Minutes_ReturnsTheMainQueue()
    {
        Skip.If(drill.Unavailable is not null, drill.Unavailable);
        var doc = await File.ReadAllTextAsync(RepositoryPaths.Of("docs", "metrics.md"));
        const string Example = "histogram_quantile(0.9, sum by (le, queue) (rate(kcron_job_runtime_seconds_bucket[10m])))";
        Assert.Contains(Example, doc, StringComparison.Ordinal);
        await drill.EnsureWorkersRunningAsync();
        await drill.WaitForQueryAsync(
            "count(count_over_time(kcron_job_runtime_seconds_count[1m]) >= 10)", TimeSpan.FromSeconds(60));

        var series = await drill.QueryAsync(Example);

        var main = Assert.Single(series, s => s.GetProperty("metric").GetProperty("queue").GetString() == "main");
        Assert.NotEqual("NaN", main.GetProperty("value")[1].GetString());
    }

    private static string WithStackValues(string expression)
    {
        foreach (var (variable, value) in new[] { ("cluster", DrillStackFixture.Cluster), ("kcron_job", DrillStackFixture.TickJob) })
        {
            expression = expression.Replace("${" + variable + "}", value, StringComparison.Ordinal)
                .Replace("[[" + variable + "]]", value, StringComparison.Ordinal)
                .Replace("$" + variable, value, StringComparison.Ordinal);
        }

        return expression;
    }
}
