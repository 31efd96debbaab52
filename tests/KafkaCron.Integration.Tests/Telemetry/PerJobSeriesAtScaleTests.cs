using System.Globalization;
using System.Text.RegularExpressions;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Retry;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaCron.Integration.Tests.Telemetry;

/// <summary>
/// A worker that runs 100,000 distinct jobs serves a bounded number of series through the real Prometheus exporter,
/// none cut into OpenTelemetry's overflow series, and every family still sums to the number of events (issue 10).
/// </summary>
public sealed partial class PerJobSeriesAtScaleTests
{
    private const int Jobs = 100_000;
    private const string Cluster = "alpha";
    private const string Overflow = "otel_metric_overflow";
    private static readonly DateTimeOffset Scheduled = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RunOutcome[] Outcomes = Enum.GetValues<RunOutcome>();
    private static readonly string[] SkipReasons = [MetricTags.ReasonOverlap, MetricTags.ReasonDuplicate, MetricTags.ReasonStaleEpoch];

    [Fact]
    public async Task Scrape_WorkerRan100000Jobs_BoundedSeriesNoOverflowAndExactTotals()
    {
        const int CanaryRuns = 7;
        var maxJobs = new WorkerOptions().JobMetricsMaxJobs;

        var samples = await ScrapeAfterAsync(metrics =>
        {
            var telemetry = new WorkerTelemetry(metrics, Cluster, maxJobs, NullLogger.Instance);
            for (var i = 0; i < Jobs; i++)
            {
                var job = "job-" + i.ToString(CultureInfo.InvariantCulture);
                telemetry.RunFinished(Fire(job), FireQueue.Main, Result(Outcomes[i % Outcomes.Length]));
                telemetry.Replaced(Fire(job), FireQueue.Main);
                telemetry.Skipped(job, SkipReasons[i % SkipReasons.Length]);
                telemetry.RetryPublished(job);
                telemetry.FireDeadLettered(job, RetryRecorder.ReasonAttemptsExhausted);
            }

            for (var i = 0; i < CanaryRuns; i++)
            {
                telemetry.RunFinished(Fire(CanaryJob.NameFor(Cluster)), FireQueue.Main, Result(RunOutcome.Succeeded));
            }
        });

        Assert.DoesNotContain(samples, s => s.Labels.ContainsKey(Overflow));
        var jobLabels = samples.Where(s => s.Name == "kcron_jobs_completed_total").Select(s => s.Labels[MetricTags.Job]).ToHashSet();
        Assert.Equal(maxJobs + 2, jobLabels.Count);
        Assert.Contains(JobLabelCap.OtherJobs, jobLabels);
        Assert.Contains(CanaryJob.NameFor(Cluster), jobLabels);

        // Series: a labelled job has one per outcome it had (here its run's and replaced), _other one per outcome
        // and skip reason, the canary its own; the histograms one per outcome and the canary's.
        Assert.Equal((maxJobs * 2) + Outcomes.Length + 1 + 1, Series(samples, "kcron_jobs_completed_total"));
        Assert.Equal(Outcomes.Length + 1, Series(samples, "kcron_job_runtime_seconds_count"));
        Assert.Equal(2, Series(samples, "kcron_job_start_delay_seconds_count"));
        Assert.Equal(maxJobs + SkipReasons.Length, Series(samples, "kcron_fires_skipped_total"));
        Assert.Equal(maxJobs + 1, Series(samples, "kcron_retries_published_total"));
        Assert.Equal(maxJobs + 1, Series(samples, "kcron_dead_letters_total"));

        // Totals: nothing is dropped.
        Assert.Equal((2 * Jobs) + CanaryRuns, Sum(samples, "kcron_jobs_completed_total"));
        Assert.Equal(Jobs + CanaryRuns, Sum(samples, "kcron_job_runtime_seconds_count"));
        Assert.Equal(Jobs + CanaryRuns, Sum(samples, "kcron_job_start_delay_seconds_count"));
        Assert.Equal(Jobs, Sum(samples, "kcron_fires_skipped_total"));
        Assert.Equal(Jobs, Sum(samples, "kcron_retries_published_total"));
        Assert.Equal(Jobs, Sum(samples, "kcron_dead_letters_total"));
        Assert.Equal(Jobs / Outcomes.Length, Sum(samples, "kcron_jobs_completed_total", ("outcome", "failed")));
    }

    /// <summary>
    /// The bound behind the largest allowed cap: every named job, the canary and <c>_other</c> with every outcome and
    /// skip reason (a worker reads one queue) stay under the exporter's 2,000 series per metric.
    /// </summary>
    [Fact]
    public async Task Scrape_LargestCapEveryOutcomeAndReason_StaysUnderTheExporterLimit()
    {
        const int MaxJobs = WorkerOptions.MaxJobMetricsMaxJobs;
        var samples = await ScrapeAfterAsync(metrics =>
        {
            var telemetry = new WorkerTelemetry(metrics, Cluster, MaxJobs, NullLogger.Instance);
            var jobs = Enumerable.Range(0, MaxJobs + 1).Select(i => "job-" + i.ToString(CultureInfo.InvariantCulture)).Append(CanaryJob.NameFor(Cluster));
            foreach (var job in jobs)
            {
                foreach (var outcome in Outcomes)
                {
                    telemetry.RunFinished(Fire(job), FireQueue.Main, Result(outcome));
                }

                telemetry.Replaced(Fire(job), FireQueue.Main);
                foreach (var reason in SkipReasons)
                {
                    telemetry.Skipped(job, reason);
                }
            }
        });

        Assert.DoesNotContain(samples, s => s.Labels.ContainsKey(Overflow));
        Assert.Equal((Outcomes.Length + 1) * (MaxJobs + 2), Series(samples, "kcron_jobs_completed_total"));
        Assert.InRange(Series(samples, "kcron_jobs_completed_total"), 1, 2_000);
        Assert.Equal(SkipReasons.Length * (MaxJobs + 2), Series(samples, "kcron_fires_skipped_total"));
    }

    /// <summary>
    /// The failure the cap prevents, and proof that the test above would see it: with the job name as a label, the
    /// exporter keeps 2,000 series and folds every later one into a single series labelled only with the overflow.
    /// </summary>
    [Fact]
    public async Task Scrape_100000JobsOnAnUncappedLabel_FoldsAllBut2000IntoTheOverflowSeries()
    {
        var samples = await ScrapeAfterAsync(metrics =>
        {
            for (var i = 0; i < Jobs; i++)
            {
                metrics.RetriesPublished.Add(1, new KeyValuePair<string, object?>(MetricTags.Job, "job-" + i.ToString(CultureInfo.InvariantCulture)));
            }
        });

        var retries = samples.Where(s => s.Name == "kcron_retries_published_total").ToList();
        var overflow = Assert.Single(retries, s => s.Labels.ContainsKey(Overflow));
        Assert.False(overflow.Labels.ContainsKey(MetricTags.Job));
        Assert.Equal(2_000, retries.Count(s => s.Labels.ContainsKey(MetricTags.Job)));
        Assert.Equal(Jobs, retries.Sum(s => s.Value));
    }

    private static int Series(IEnumerable<Sample> samples, string name) => samples.Count(s => s.Name == name);

    private static double Sum(IEnumerable<Sample> samples, string name, params (string Label, string Value)[] where) =>
        samples.Where(s => s.Name == name && where.All(w => s.Labels.GetValueOrDefault(w.Label) == w.Value)).Sum(s => s.Value);

    /// <summary>Records, then scrapes the real listener once: it had served nothing before, so nothing is cached.</summary>
    private static async Task<IReadOnlyList<Sample>> ScrapeAfterAsync(Action<KafkaCronMetrics> record)
    {
        var body = await TelemetryScrape.AfterRecordingAsync(record, _ => true, TimeSpan.FromSeconds(30));
        return [.. body.Split('\n').Select(ParseSample).OfType<Sample>()];
    }

    private static Sample? ParseSample(string line)
    {
        var match = SampleLine().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var labels = LabelPair().Matches(match.Groups["labels"].Value)
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
        return new Sample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    private static FireMessage Fire(string job) => new()
    {
        FireId = "f-" + job,
        Job = job,
        Cluster = Cluster,
        Command = "true",
        ScheduledAt = Scheduled,
        PublishedAt = Scheduled,
    };

    private static JobRunResult Result(RunOutcome outcome) => new()
    {
        Outcome = outcome,
        StartedAt = Scheduled.AddMilliseconds(40),
        Duration = TimeSpan.FromMilliseconds(3),
    };

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    [GeneratedRegex(@"^(?<name>kcron_[a-z_]+)(?:\{(?<labels>[^}]*)\})? (?<value>\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
