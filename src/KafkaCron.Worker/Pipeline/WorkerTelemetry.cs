using System.Diagnostics;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Execution;

namespace KafkaCron.Worker.Pipeline;

/// <summary>The worker's measurements, tagged once with its cluster.</summary>
internal sealed class WorkerTelemetry(KafkaCronMetrics metrics, string cluster)
{
    private readonly KeyValuePair<string, object?> _cluster = new(MetricTags.Cluster, cluster);

    public void Held(int delta) => metrics.PipelineOccupancy.Add(delta, _cluster);

    public void RunStarted() => metrics.JobsInFlight.Add(1, _cluster);

    public void RunEnded() => metrics.JobsInFlight.Add(-1, _cluster);

    public void RunFinished(FireMessage fire, string queue, JobRunResult result)
    {
        var outcome = result.Outcome.ToTag();
        metrics.JobRuntime.Record(result.Duration.TotalSeconds, new TagList
        {
            _cluster,
            { MetricTags.Queue, queue },
            { MetricTags.Outcome, outcome },
        });
        metrics.JobStartDelay.Record((result.StartedAt - (fire.NotBefore ?? fire.ScheduledAt)).TotalSeconds, new TagList
        {
            _cluster,
            { MetricTags.Queue, queue },
        });
        metrics.JobsCompleted.Add(1, new TagList
        {
            _cluster,
            { MetricTags.Queue, queue },
            { MetricTags.Job, fire.Job },
            { MetricTags.Outcome, outcome },
        });
    }

    public void SkippedOverlap(string job) => metrics.FiresSkipped.Add(1, new TagList
    {
        _cluster,
        { MetricTags.Reason, MetricTags.ReasonOverlap },
        { MetricTags.Job, job },
    });

    public void Replaced(FireMessage fire, string queue) => metrics.JobsCompleted.Add(1, new TagList
    {
        _cluster,
        { MetricTags.Queue, queue },
        { MetricTags.Job, fire.Job },
        { MetricTags.Outcome, MetricTags.OutcomeReplaced },
    });

    public void DecodeFailed(string reason) =>
        metrics.DecodeFailures.Add(1, _cluster, new KeyValuePair<string, object?>(MetricTags.Reason, reason));

    public void DeadLettered(string reason) =>
        metrics.DeadLetters.Add(1, _cluster, new KeyValuePair<string, object?>(MetricTags.Reason, reason));
}
