using System.Text.RegularExpressions;
using KafkaCron.Cli.Hosting;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Integration.Tests.Observability;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Retry;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Metrics;

namespace KafkaCron.Integration.Tests.Telemetry;

/// <summary>
/// Records into every instrument of <see cref="KafkaCronMetrics"/>, scrapes the real Prometheus listener and pins the
/// names the exporter produces: docs/metrics.md, the alert rules and the dashboards are written against these.
/// </summary>
public sealed partial class PrometheusExportTests
{
    [Fact]
    public async Task Scrape_EveryInstrumentRecorded_ServesExactlyTheDocumentedFamilies()
    {
        var body = await ScrapeAfterRecordingEverythingAsync();

        var families = TypeLine().Matches(body)
            .Where(m => m.Groups["name"].Value.StartsWith("kcron_", StringComparison.Ordinal))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value, StringComparer.Ordinal);
        Assert.Equal(PrometheusNames.Families.OrderBy(f => f.Key), families.OrderBy(f => f.Key));
    }

    [Fact]
    public async Task Scrape_Samples_CarryTheRecordedLabelsAndHistogramSeries()
    {
        var body = await ScrapeAfterRecordingEverythingAsync();

        Assert.Contains("kcron_consumer_lag{cluster=\"alpha\",partition=\"0\",topic=\"kcron.jobs.alpha\"} 4\n", body, StringComparison.Ordinal);
        Assert.Contains("kcron_jobs_completed_total{cluster=\"alpha\",kcron_job=\"backup\",outcome=\"succeeded\",queue=\"main\"} 1\n", body, StringComparison.Ordinal);
        Assert.Contains("kcron_dead_letters_total{cluster=\"alpha\",kcron_job=\"backup\",reason=\"attempts-exhausted\"} 1\n", body, StringComparison.Ordinal);
        Assert.Contains("kcron_dead_letters_total{cluster=\"alpha\",reason=\"invalid-json\"} 1\n", body, StringComparison.Ordinal);
        Assert.Contains("kcron_canary_last_success_seconds{cluster=\"alpha\"} 1700000001.5\n", body, StringComparison.Ordinal);
        // The contract for a job that will not fire (suspended, removed): +Inf, which the overdue alert never matches.
        Assert.Contains("kcron_job_next_fire_seconds{kcron_job=\"paused\"} +Inf\n", body, StringComparison.Ordinal);
        // The bucket boundaries advised by KafkaCronMetrics are the ones served (le rendered without a trailing .0).
        // The histograms carry no job label but the canary's.
        Assert.Contains("kcron_job_start_delay_seconds_bucket{cluster=\"alpha\",queue=\"main\",le=\"0.25\"} 1\n", body, StringComparison.Ordinal);
        Assert.Contains("kcron_job_runtime_seconds_bucket{cluster=\"alpha\",outcome=\"succeeded\",queue=\"main\",le=\"7200\"} 1\n", body, StringComparison.Ordinal);
        Assert.Contains("kcron_job_runtime_seconds_bucket{cluster=\"alpha\",outcome=\"succeeded\",queue=\"main\",le=\"+Inf\"} 1\n", body, StringComparison.Ordinal);
        Assert.Contains("kcron_job_runtime_seconds_count{cluster=\"alpha\",outcome=\"succeeded\",queue=\"main\"} 1\n", body, StringComparison.Ordinal);
        Assert.Contains("kcron_job_runtime_seconds_count{cluster=\"alpha\",kcron_job=\"kcron-canary-alpha\",outcome=\"succeeded\",queue=\"main\"} 1\n", body, StringComparison.Ordinal);
        Assert.Contains("kcron_fires_skipped_total{cluster=\"alpha\",reason=\"paused\"} 1\n", body, StringComparison.Ordinal);
        Assert.Contains("kcron_records_undecodable_total{topic=\"kcron.control\"} 1\n", body, StringComparison.Ordinal);
        // The lateness histogram's fine low end, by cluster only.
        Assert.Contains("kcron_fires_lateness_seconds_bucket{cluster=\"alpha\",le=\"0.005\"} 1\n", body, StringComparison.Ordinal);
        // Scope labels are switched off, runtime metrics switched on.
        Assert.DoesNotContain("otel_scope_name", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", body, StringComparison.Ordinal);
        Assert.Contains("target_info{service_name=\"kcron-test\"", body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Scrape_KafkaCronFamilies_PassPromtoolLint()
    {
        var promtool = ExternalTool.Require("promtool");
        var body = await ScrapeAfterRecordingEverythingAsync();

        // Only our families: the runtime's own names (dotnet_assembly_count, dotnet_timer_count, ...) end in _count,
        // which the linter flags and which we do not control.
        var ours = string.Join('\n', body.Split('\n').Where(line => !IsRuntimeLine(line))) + "\n";
        var result = await ExternalTool.RunAsync(promtool, ["check", "metrics"], stdin: ours);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("kcron_scheduler_leader", ours, StringComparison.Ordinal);
    }

    [Fact]
    public void MetricsDocument_EveryFamily_IsDocumented()
    {
        var doc = File.ReadAllText(RepositoryPaths.Of("docs", "metrics.md"));

        Assert.All(PrometheusNames.Families.Keys, name => Assert.Contains($"`{name}`", doc, StringComparison.Ordinal));
    }

    /// <summary>The default host, localhost, answers 127.0.0.1 too: the listener matches the Host header a scrape sends.</summary>
    [Theory]
    [InlineData("+")]
    [InlineData("localhost")]
    public async Task AddKafkaCronTelemetry_WildcardOrDefaultHost_AnswersOnTheLoopbackAddress(string metricsHost)
    {
        var port = FreePort.Next();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddKafkaCronTelemetry("kcron-test", port, metricsHost);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));

            Assert.Contains("target_info", body, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void AddKafkaCronTelemetry_PortZero_RegistersMetricsWithoutAnExporter()
    {
        var services = new ServiceCollection().AddKafkaCronTelemetry("kcron-test", TelemetryHostingExtensions.MetricsDisabled);
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<KafkaCronMetrics>());
        Assert.Null(provider.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void AddKafkaCronTelemetry_PortOutOfRange_Throws(int port) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddKafkaCronTelemetry("kcron-test", port));

    private static bool IsRuntimeLine(string line) =>
        line.StartsWith("dotnet_", StringComparison.Ordinal)
        || line.StartsWith("# TYPE dotnet_", StringComparison.Ordinal)
        || line.StartsWith("# HELP dotnet_", StringComparison.Ordinal);

    private static Task<string> ScrapeAfterRecordingEverythingAsync() =>
        TelemetryScrape.AfterRecordingAsync(RecordIntoEveryInstrument,
            body => PrometheusNames.Families.Keys.All(name => body.Contains("# TYPE " + name + " ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5));

    private static void RecordIntoEveryInstrument(KafkaCronMetrics m)
    {
        var cluster = new KeyValuePair<string, object?>(MetricTags.Cluster, "alpha");
        var job = new KeyValuePair<string, object?>(MetricTags.Job, "backup");
        m.FiresPublished.Add(1, cluster);
        m.PublishErrors.Add(1, cluster);
        m.FiresSkipped.Add(1, new KeyValuePair<string, object?>(MetricTags.Reason, MetricTags.ReasonMisfire));
        m.FiresSkipped.Add(1, cluster, new(MetricTags.Reason, MetricTags.ReasonPaused));
        m.JobsLoaded.Record(3);
        m.JobNextFire.Record(1_700_000_000, job);
        m.JobNextFire.Record(double.PositiveInfinity, new KeyValuePair<string, object?>(MetricTags.Job, "paused"));
        m.JobFileReloads.Add(1, new KeyValuePair<string, object?>(MetricTags.Outcome, MetricTags.OutcomeSucceeded));
        m.SchedulerLeader.Record(1);
        m.SchedulerEpoch.Record(7);
        m.CheckpointAge.Record(2.5);
        RecordAsTheWorkerDoes(m);
        m.ConsumerLag.Record(4, cluster, new(MetricTags.Topic, "kcron.jobs.alpha"), new(MetricTags.Partition, 0));
        m.KafkaClientErrors.Add(1, new KeyValuePair<string, object?>(MetricTags.Client, "consumer"), new(MetricTags.Code, "Local_Transport"));
        m.OutcomeWritesStalled.Add(1, cluster);
        m.FireLateness.Record(0.004, cluster);
        m.SchedulerBehind.Record(0);
        m.RecordsUndecodable.Add(1, new KeyValuePair<string, object?>(MetricTags.Topic, "kcron.control"));
    }

    /// <summary>The worker's families through its own telemetry class, so the scrape shows the labels the code emits.</summary>
    private static void RecordAsTheWorkerDoes(KafkaCronMetrics m)
    {
        var telemetry = new WorkerTelemetry(m, "alpha", jobMetricsMaxJobs: 10, NullLogger.Instance);
        var started = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        foreach (var job in new[] { "backup", CanaryJob.NameFor("alpha") })
        {
            var fire = new FireMessage { FireId = "f-" + job, Job = job, Command = "true", ScheduledAt = started.AddSeconds(-0.2), PublishedAt = started };
            telemetry.RunFinished(fire, FireQueue.Main, new JobRunResult { Outcome = RunOutcome.Succeeded, StartedAt = started, Duration = TimeSpan.FromSeconds(1.5) });
        }

        telemetry.SkippedOverlap("backup");
        telemetry.RetryPublished("backup");
        telemetry.FireDeadLettered("backup", RetryRecorder.ReasonAttemptsExhausted);
        telemetry.DecodeFailed(DecodeFailureReasons.InvalidJson);
        telemetry.DeadLettered(DecodeFailureReasons.InvalidJson);
        telemetry.RunStarted();
        telemetry.RunStarted();
        telemetry.Held(5);
    }

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
