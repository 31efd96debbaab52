using System.Diagnostics;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Runs;

namespace KafkaCron.Worker.Pipeline;

/// <summary>The worker's measurements, tagged once with its cluster.</summary>
internal sealed class WorkerTelemetry(KafkaCronMetrics metrics, string cluster)
{
    private readonly KeyValuePair<string, object?> _cluster = new(MetricTags.Cluster, cluster);

    public void Held(int delta) => metrics.PipelineOccupancy.Add(delta, _cluster);

    public void RunStarted() => metrics.JobsInFlight.Add(1, _cluster);

    public void RunEnded() => metrics.JobsInFlight.Add(-1, _cluster);

    public void RunFinished(FireMessage fire, FireQueue queue, JobRunResult result)
    {
        var outcome = result.Outcome.ToTag();
        var queueTag = queue.ToTag();
        // Labelled by job as docs/metrics.md documents: the per-job panels of the cluster dashboard read them.
        metrics.JobRuntime.Record(result.Duration.TotalSeconds, new TagList
        {
            _cluster,
            { MetricTags.Job, fire.Job },
            { MetricTags.Queue, queueTag },
            { MetricTags.Outcome, outcome },
        });
        metrics.JobStartDelay.Record((result.StartedAt - (fire.NotBefore ?? fire.ScheduledAt)).TotalSeconds, new TagList
        {
            _cluster,
            { MetricTags.Job, fire.Job },
            { MetricTags.Queue, queueTag },
        });
        metrics.JobsCompleted.Add(1, new TagList
        {
            _cluster,
            { MetricTags.Queue, queueTag },
            { MetricTags.Job, fire.Job },
            { MetricTags.Outcome, outcome },
        });
        CanarySucceeded(fire, result);
    }

    /// <summary>The end-to-end signal of docs/metrics.md: a successful run of this cluster's canary job.</summary>
    public void CanarySucceeded(FireMessage fire, JobRunResult result)
    {
        if (result.Outcome == RunOutcome.Succeeded && CanaryJob.IsCanary(fire.Job, cluster))
        {
            var finishedAt = result.StartedAt + result.Duration;
            metrics.CanaryLastSuccess.Record(finishedAt.ToUnixTimeMilliseconds() / 1000.0, _cluster);
        }
    }

    public void SkippedOverlap(string job) => Skipped(job, MetricTags.ReasonOverlap);

    public void Skipped(string job, string reason) => metrics.FiresSkipped.Add(1, new TagList
    {
        _cluster,
        { MetricTags.Reason, reason },
        { MetricTags.Job, job },
    });

    public void Replaced(FireMessage fire, FireQueue queue) => metrics.JobsCompleted.Add(1, new TagList
    {
        _cluster,
        { MetricTags.Queue, queue.ToTag() },
        { MetricTags.Job, fire.Job },
        { MetricTags.Outcome, MetricTags.OutcomeReplaced },
    });

    public void DecodeFailed(string reason) =>
        metrics.DecodeFailures.Add(1, _cluster, new KeyValuePair<string, object?>(MetricTags.Reason, reason));

    public void DeadLettered(string reason) =>
        metrics.DeadLetters.Add(1, _cluster, new KeyValuePair<string, object?>(MetricTags.Reason, reason));
}
