using KafkaCron.Core.Telemetry;

namespace KafkaCron.Scheduler.Engine;

/// <summary>
/// Records <see cref="KafkaCronMetrics.JobNextFire"/>, one series per job, for job files of at most
/// <c>Scheduler:JobMetricsMaxJobs</c> jobs. Beyond that the exporter would cut the series anyway (OpenTelemetry keeps
/// 2,000 per instrument and folds the rest into one overflow series), so the gauge is not recorded at all; the lateness
/// histogram and the behind-schedule gauge, which carry no job label, answer "is the scheduler on time" at any size.
/// Owned by the engine's loop; not thread-safe.
/// </summary>
internal sealed class JobNextFireGauge(KafkaCronMetrics metrics, int maxJobs)
{
    // A gauge keeps its last value forever: every job recorded once must be recorded as +Inf when it stops firing,
    // or its old finite value would look overdue to KcronFiresOverdue (docs/metrics.md).
    private readonly HashSet<string> _recorded = new(StringComparer.Ordinal);
    private bool _enabled = true;

    /// <summary>Whether the last job file was small enough to be recorded per job.</summary>
    public bool Enabled => _enabled;

    /// <summary>Records every job of a newly applied plan, or retires every series when the plan is too large.</summary>
    public void RecordAll(int jobCount, IEnumerable<KeyValuePair<string, DateTimeOffset?>> nextFires)
    {
        _enabled = jobCount <= maxJobs;
        var current = new HashSet<string>(StringComparer.Ordinal);
        if (_enabled)
        {
            foreach (var (job, next) in nextFires)
            {
                current.Add(job);
                Record(job, next);
            }
        }

        foreach (var gone in _recorded.Where(job => !current.Contains(job)).ToList())
        {
            metrics.JobNextFire.Record(double.PositiveInfinity, new KeyValuePair<string, object?>(MetricTags.Job, gone));
            _recorded.Remove(gone);
        }
    }

    /// <summary>Records one job's next instant (null: it will not fire again).</summary>
    public void Record(string job, DateTimeOffset? next)
    {
        if (!_enabled)
        {
            return;
        }

        if (next is { } instant)
        {
            _recorded.Add(job);
            metrics.JobNextFire.Record(instant.ToUnixTimeMilliseconds() / 1000.0, new KeyValuePair<string, object?>(MetricTags.Job, job));
        }
        else if (_recorded.Remove(job))
        {
            metrics.JobNextFire.Record(double.PositiveInfinity, new KeyValuePair<string, object?>(MetricTags.Job, job));
        }
    }
}
