using System.Diagnostics;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Runs;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Telemetry;

/// <summary>
/// The worker's measurements, tagged once with its cluster. The counters carry a job label bounded by
/// <c>Worker:JobMetricsMaxJobs</c> (<see cref="JobLabelCap"/>); the histograms carry none but the canary's, so that
/// 100,000 jobs stay a bounded number of series (docs/metrics.md). One per worker process.
/// </summary>
internal sealed class WorkerTelemetry
{
    private readonly KafkaCronMetrics _metrics;
    private readonly string _clusterName;
    private readonly KeyValuePair<string, object?> _cluster;
    private readonly JobLabelCap _jobs;

    public WorkerTelemetry(KafkaCronMetrics metrics, string cluster, int jobMetricsMaxJobs, ILogger logger)
    {
        _metrics = metrics;
        _clusterName = cluster;
        _cluster = new(MetricTags.Cluster, cluster);
        _jobs = new JobLabelCap(cluster, jobMetricsMaxJobs, job => TelemetryLog.JobMetricsCapReached(logger, jobMetricsMaxJobs, job));
    }

    public void Held(int delta) => _metrics.PipelineOccupancy.Add(delta, _cluster);

    public void RunStarted() => _metrics.JobsInFlight.Add(1, _cluster);

    public void RunEnded() => _metrics.JobsInFlight.Add(-1, _cluster);

    public void RunFinished(FireMessage fire, FireQueue queue, JobRunResult result)
    {
        var outcome = result.Outcome.ToTag();
        var queueTag = queue.ToTag();
        // No job label on the histograms: 15 buckets per job would not scale, and one worker's buckets of a job that
        // runs hourly give no quantile worth reading. Each run's start and duration are in the run history. The canary
        // keeps its name: its start delay is the pipeline's own, and the canary runbook reads it.
        var canary = CanaryJob.IsCanary(fire.Job, _clusterName);
        var runtime = new TagList { _cluster, { MetricTags.Queue, queueTag }, { MetricTags.Outcome, outcome } };
        var delay = new TagList { _cluster, { MetricTags.Queue, queueTag } };
        if (canary)
        {
            runtime.Add(MetricTags.Job, fire.Job);
            delay.Add(MetricTags.Job, fire.Job);
        }

        _metrics.JobRuntime.Record(result.Duration.TotalSeconds, runtime);
        _metrics.JobStartDelay.Record((result.StartedAt - (fire.NotBefore ?? fire.ScheduledAt)).TotalSeconds, delay);
        Completed(fire.Job, queueTag, outcome);
        if (canary && result.Outcome == RunOutcome.Succeeded)
        {
            // The end-to-end signal of docs/metrics.md: a successful run of this cluster's canary job.
            var finishedAt = result.StartedAt + result.Duration;
            _metrics.CanaryLastSuccess.Record(finishedAt.ToUnixTimeMilliseconds() / 1000.0, _cluster);
        }
    }

    public void SkippedOverlap(string job) => Skipped(job, MetricTags.ReasonOverlap);

    public void Skipped(string job, string reason) => _metrics.FiresSkipped.Add(1, new TagList
    {
        _cluster,
        { MetricTags.Reason, reason },
        { MetricTags.Job, _jobs.For(job) },
    });

    public void Replaced(FireMessage fire, FireQueue queue) => Completed(fire.Job, queue.ToTag(), MetricTags.OutcomeReplaced);

    public void RetryPublished(string job) => _metrics.RetriesPublished.Add(1, new TagList
    {
        _cluster,
        { MetricTags.Job, _jobs.For(job) },
    });

    /// <summary>A fire given up on: the dead letter of a job's last failed attempt.</summary>
    public void FireDeadLettered(string job, string reason) => _metrics.DeadLetters.Add(1, new TagList
    {
        _cluster,
        { MetricTags.Reason, reason },
        { MetricTags.Job, _jobs.For(job) },
    });

    /// <summary>A record that is not a fire went to the dead-letter topic: there is no job to name.</summary>
    public void DeadLettered(string reason) =>
        _metrics.DeadLetters.Add(1, _cluster, new KeyValuePair<string, object?>(MetricTags.Reason, reason));

    public void DecodeFailed(string reason) =>
        _metrics.DecodeFailures.Add(1, _cluster, new KeyValuePair<string, object?>(MetricTags.Reason, reason));

    private void Completed(string job, string queue, string outcome) => _metrics.JobsCompleted.Add(1, new TagList
    {
        _cluster,
        { MetricTags.Queue, queue },
        { MetricTags.Job, _jobs.For(job) },
        { MetricTags.Outcome, outcome },
    });
}
