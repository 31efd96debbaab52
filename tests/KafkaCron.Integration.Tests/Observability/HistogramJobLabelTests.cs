using System.Text.RegularExpressions;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>
/// The worker's histograms carry no <c>kcron_job</c> label but the canary's (docs/metrics.md): a dashboard panel,
/// alert or documented query that selects or groups them by job would be empty, or show only the canary, without
/// saying so. Per-job run and start times come from the run history.
/// </summary>
public sealed partial class HistogramJobLabelTests
{
    [Fact]
    public void Queries_InDashboardsAlertsDocsAndRunbooks_NeverReadTheWorkerHistogramsByJobButTheCanary()
    {
        var offending = AllQueries().Where(q => ReadsHistogramByJob(q.Query)).Select(q => $"{q.Where}: {q.Query}").ToList();

        Assert.True(offending.Count == 0, string.Join('\n', offending));
    }

    [Fact]
    public void AllQueries_Scan_SeesTheHistogramQueriesOfEverySource()
    {
        var sources = AllQueries().Where(q => HistogramName().IsMatch(q.Query)).Select(q => q.Where.Split(' ')[0]).ToHashSet();

        Assert.Contains("kcron-cluster-jobs.json", sources);
        Assert.Contains("prometheus/rules/kcron-alerts.yml", sources);
        Assert.Contains("docs/metrics.md", sources);
        Assert.Contains("runbooks/KcronJobsStartingLate.md", sources);
    }

    [Theory]
    [InlineData("histogram_quantile(0.9, sum by (le, kcron_job) (rate(kcron_job_runtime_seconds_bucket[5m])))", true)]
    [InlineData("rate(kcron_job_start_delay_seconds_count{cluster=\"a\", kcron_job=~\"$kcron_job\"}[5m])", true)]
    [InlineData("increase(kcron_job_start_delay_seconds_count{kcron_job=\"kcron-canary-a\"}[5m])", false)]
    [InlineData("histogram_quantile(0.9, sum by (le, queue) (rate(kcron_job_runtime_seconds_bucket[5m])))", false)]
    [InlineData("sum by (kcron_job) (increase(kcron_jobs_completed_total[1h]))", false)]
    public void ReadsHistogramByJob_Query_TellsJobSelectionOnTheHistograms(string query, bool expected) =>
        Assert.Equal(expected, ReadsHistogramByJob(query));

    private static bool ReadsHistogramByJob(string query) =>
        HistogramName().IsMatch(query) && (JobMatcherOtherThanCanary().IsMatch(query) || GroupedByJob().IsMatch(query));

    private static IEnumerable<(string Where, string Query)> AllQueries()
    {
        foreach (var file in Dashboards.Files())
        {
            foreach (var query in Dashboards.Queries(file))
            {
                yield return ($"{query.Dashboard} {query.Location}", query.Expression);
            }
        }

        foreach (var rule in AlertRules.Load())
        {
            yield return ($"prometheus/rules/kcron-alerts.yml {rule.Name}", rule.Expression);
        }

        foreach (var documented in DocumentedQueries.All())
        {
            yield return (documented.File, documented.Query);
        }
    }

    [GeneratedRegex(@"kcron_job_(?:runtime|start_delay)_seconds")]
    private static partial Regex HistogramName();

    [GeneratedRegex(@"\bkcron_job\s*(?:=~|!~|!=|=)\s*""(?!kcron-canary-)")]
    private static partial Regex JobMatcherOtherThanCanary();

    [GeneratedRegex(@"\b(?:by|without)\s*\([^)]*\bkcron_job\b")]
    private static partial Regex GroupedByJob();

}
