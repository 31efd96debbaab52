using System.ComponentModel.DataAnnotations;

namespace KafkaCron.Scheduler;

/// <summary>
/// Settings of <c>kcron scheduler</c>, bound from the <c>Scheduler</c> section (settings file,
/// <c>KCRON_SCHEDULER__*</c> environment variables, flags) and validated at start.
/// </summary>
internal sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Scheduler:JobsFile (--jobs) is required")]
    public string? JobsFile { get; set; }

    /// <summary>Clusters a job may name besides those the job file declares under <c>clusters:</c>.</summary>
    public IList<string> Clusters { get; } = new List<string>();

    /// <summary>How long the job file must stay quiet after a change before it is read again.</summary>
    [Range(0, 60_000)]
    public int ReloadDebounceMs { get; set; } = 500;

    /// <summary>Quick retries of a failed publication before the fire is set aside as pending.</summary>
    [Range(0, 10)]
    public int PublishRetries { get; set; } = 2;

    /// <summary>First delay between quick retries; it doubles on each.</summary>
    [Range(1, 60_000)]
    public int PublishRetryDelayMs { get; set; } = 200;

    /// <summary>First delay before a pending fire is tried again; it doubles on each failure.</summary>
    [Range(1, 3_600)]
    public int PendingRetryInitialSeconds { get; set; } = 1;

    /// <summary>Longest delay between tries of a pending fire.</summary>
    [Range(1, 3_600)]
    public int PendingRetryMaxSeconds { get; set; } = 60;

    /// <summary>Fires being published at once; beyond it, due fires wait (late, never early).</summary>
    [Range(1, 1_000_000)]
    public int MaxInFlight { get; set; } = 10_000;

    /// <summary>
    /// Whether to fire the built-in canary job <c>kcron-canary-&lt;cluster&gt;</c> for every cluster the job file
    /// declares (docs/metrics.md, "The canary"). Without it the <c>KcronCanaryStale</c> alert has nothing to watch.
    /// </summary>
    public bool CanaryEnabled { get; set; } = true;

    /// <summary>Schedule of the canary jobs: 5-field cron, 6-field cron with seconds, a descriptor or <c>@every</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Scheduler:CanarySchedule must not be empty")]
    public string CanarySchedule { get; set; } = "* * * * *";

    /// <summary>
    /// With leader election (<c>Scheduler:ZooKeeper:ConnectionString</c>): publish through Kafka's transactional
    /// producer, so that a new leader fences a deposed one. Turn it off only for librdkafka's mock cluster (the dev
    /// stack, tests), which cannot fence; see docs/scheduler.md.
    /// </summary>
    public bool TransactionalProducer { get; set; } = true;

    /// <summary>How often a leader writes its checkpoint while the schedule moves (at least every ten intervals anyway).</summary>
    [Range(100, 60_000)]
    public int CheckpointIntervalMs { get; set; } = 1_000;

    /// <summary>How long a new leader waits before it tries again to read a refused checkpoint, or to prepare its term.</summary>
    [Range(1, 3_600)]
    public int TermRetrySeconds { get; set; } = 5;

    /// <summary>
    /// Job files with more jobs than this are not recorded per job in <c>kcron_job_next_fire_seconds</c> (and so not
    /// watched by KcronFiresOverdue): the exporter keeps at most 2,000 series per metric (docs/metrics.md).
    /// </summary>
    [Range(0, 1_900)]
    public int JobMetricsMaxJobs { get; set; } = 1_000;

    /// <summary>How late the scheduler may be before it logs that it fell behind (once per episode).</summary>
    [Range(1, 3_600_000)]
    public int BehindWarningMs { get; set; } = 1_000;

    public TimeSpan BehindWarning => TimeSpan.FromMilliseconds(BehindWarningMs);

    public TimeSpan CheckpointInterval => TimeSpan.FromMilliseconds(CheckpointIntervalMs);

    public TimeSpan CheckpointRefusedRetry => TimeSpan.FromSeconds(TermRetrySeconds);

    public TimeSpan ReloadDebounce => TimeSpan.FromMilliseconds(ReloadDebounceMs);

    /// <summary>Delay before quick retry number <paramref name="retry"/> (from 1) of a transient failure: doubling from <see cref="PublishRetryDelayMs"/>.</summary>
    public TimeSpan QuickRetryDelay(int retry) => TimeSpan.FromMilliseconds(PublishRetryDelayMs * Math.Pow(2, Math.Clamp(retry - 1, 0, 20)));

    /// <summary>Backoff before the next try of a fire that failed <paramref name="failures"/> times (at least once).</summary>
    public TimeSpan PendingRetryDelay(int failures)
    {
        var initial = TimeSpan.FromSeconds(PendingRetryInitialSeconds);
        var max = TimeSpan.FromSeconds(PendingRetryMaxSeconds);
        // Twenty doublings exceed any maximum the settings allow, and cannot overflow a TimeSpan.
        var doublings = Math.Clamp(failures - 1, 0, 20);
        var delay = initial * Math.Pow(2, doublings);
        return delay < max ? delay : max;
    }
}
