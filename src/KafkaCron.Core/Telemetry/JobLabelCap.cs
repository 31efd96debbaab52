using System.Collections.Concurrent;

namespace KafkaCron.Core.Telemetry;

/// <summary>
/// The value of the <c>kcron_job</c> label on a worker's per-job counters, chosen so that 100,000 jobs stay a bounded
/// number of series: the first <c>maxJobs</c> distinct jobs a process records keep their name, the cluster's canary
/// always keeps its name (the canary runbook selects on it), and every later job is counted under
/// <see cref="OtherJobs"/>. Nothing is dropped, so a sum over the series stays exact. A job keeps its label for the
/// life of the process: the exporter serves a series, once created, until the process ends anyway. Thread-safe: the
/// worker's admission stage, job slots and outcome writer record at the same time.
/// </summary>
public sealed class JobLabelCap
{
    /// <summary>
    /// The label of every job past the cap. Never a job's name: names start with a letter or digit (NameRules).
    /// </summary>
    public const string OtherJobs = "_other";

    private readonly ConcurrentDictionary<string, string> _labelled = new(StringComparer.Ordinal);
    private readonly Lock _admitting = new();
    private readonly int _maxJobs;
    private readonly string _canary;
    private readonly Action<string>? _capReached;
    private int _admitted;
    private volatile bool _full;

    /// <param name="cluster">The worker's cluster: its canary, <c>kcron-canary-&lt;cluster&gt;</c>, is never capped.</param>
    /// <param name="maxJobs">How many distinct jobs keep their name; 0 counts every job but the canary as <see cref="OtherJobs"/>.</param>
    /// <param name="capReached">Called once, with the first job counted as <see cref="OtherJobs"/>.</param>
    public JobLabelCap(string cluster, int maxJobs, Action<string>? capReached = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxJobs);
        _canary = CanaryJob.NameFor(cluster);
        _maxJobs = maxJobs;
        _capReached = capReached;
        _labelled[_canary] = _canary;
    }

    /// <summary>The label to record <paramref name="job"/> under: its name, or <see cref="OtherJobs"/>.</summary>
    public string For(string job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (_labelled.TryGetValue(job, out var label))
        {
            return label;
        }

        if (_full)
        {
            return OtherJobs;
        }

        lock (_admitting)
        {
            if (_labelled.TryGetValue(job, out label))
            {
                return label;
            }

            if (_admitted < _maxJobs)
            {
                _admitted++;
                _labelled[job] = job;
                return job;
            }

            if (_full)
            {
                return OtherJobs;
            }

            _full = true;
        }

        // Outside the lock: the callback logs. Only the thread that filled the cap gets here.
        _capReached?.Invoke(job);
        return OtherJobs;
    }
}
