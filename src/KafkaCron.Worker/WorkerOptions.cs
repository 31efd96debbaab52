using System.ComponentModel.DataAnnotations;

namespace KafkaCron.Worker;

/// <summary>
/// Settings of one worker process, bound from the <c>Worker</c> configuration section (settings file,
/// <c>KCRON_WORKER__*</c> environment variables, <c>kcron worker</c> flags) and validated at start.
/// </summary>
public sealed class WorkerOptions : IValidatableObject
{
    public const string SectionName = "Worker";

    /// <summary>The cluster whose topic this worker consumes; its jobs run here.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Worker:Cluster is required (--cluster)")]
    [RegularExpression("^[A-Za-z0-9._-]+$", ErrorMessage = "Worker:Cluster may hold only letters, digits, '.', '_' and '-'")]
    public string Cluster { get; set; } = string.Empty;

    /// <summary>Stable id of this worker instance, passed to jobs as KCRON_WORKER; defaults to host name and pid.</summary>
    public string? WorkerId { get; set; }

    /// <summary>The consumer group; defaults to <c>kcron-&lt;cluster&gt;</c>, or <c>kcron-&lt;cluster&gt;-retry</c> for a retry worker.</summary>
    public string? GroupId { get; set; }

    /// <summary>
    /// Consume the cluster's retry topic instead of its jobs topic (<c>--retry</c>): a retry worker runs later
    /// attempts when they are due, so first-time runs on the main workers never wait behind them.
    /// </summary>
    public bool Retry { get; set; }

    /// <summary>Job processes this worker runs at once.</summary>
    [Range(1, 1024, ErrorMessage = "Worker:Concurrency must be between 1 and 1024")]
    public int Concurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Messages fetched but not finished that the worker holds before it pauses its partitions; 0 means
    /// <see cref="Concurrency"/> + <see cref="DefaultPrefetch"/>.
    /// </summary>
    [Range(0, 100_000, ErrorMessage = "Worker:PipelineCapacity must be between 0 and 100000")]
    public int PipelineCapacity { get; set; }

    /// <summary>At shutdown, how long running jobs may go on before they are terminated.</summary>
    [Range(0.0, 3600.0, ErrorMessage = "Worker:ShutdownGraceSeconds must be between 0 and 3600")]
    public double ShutdownGraceSeconds { get; set; } = 30;

    /// <summary>Between SIGTERM and SIGKILL to a job's process group (timeout, shutdown, leftovers).</summary>
    [Range(0.0, 600.0, ErrorMessage = "Worker:KillGraceSeconds must be between 0 and 600")]
    public double KillGraceSeconds { get; set; } = 5;

    /// <summary>How much of the end of a run's stdout, and separately of its stderr, is kept.</summary>
    [Range(1, 1024, ErrorMessage = "Worker:OutputTailKiB must be between 1 and 1024")]
    public int OutputTailKiB { get; set; } = 8;

    /// <summary>How often finished offsets are committed (also on revoke and at shutdown).</summary>
    [Range(10, 60_000, ErrorMessage = "Worker:CommitIntervalMs must be between 10 and 60000")]
    public int CommitIntervalMs { get; set; } = 1_000;

    /// <summary>
    /// How many distinct jobs keep their own <c>kcron_job</c> label on this worker's counters; later jobs are counted
    /// under <c>kcron_job="_other"</c> (docs/metrics.md). At most <see cref="MaxJobMetricsMaxJobs"/>.
    /// </summary>
    [Range(0, MaxJobMetricsMaxJobs, ErrorMessage = "Worker:JobMetricsMaxJobs must be between 0 and 390")]
    public int JobMetricsMaxJobs { get; set; } = 200;

    /// <summary>
    /// A job can have five series of <c>kcron_jobs_completed_total</c> on a worker (one per outcome), and the exporter
    /// keeps 2,000 series per metric before it folds the rest into one overflow series: 5 × (390 + the canary +
    /// <c>_other</c>) = 1,960.
    /// </summary>
    public const int MaxJobMetricsMaxJobs = 390;

    public string EffectiveWorkerId => string.IsNullOrWhiteSpace(WorkerId)
        ? FormattableString.Invariant($"{Environment.MachineName}-{Environment.ProcessId}")
        : WorkerId;

    public string EffectiveGroupId => string.IsNullOrWhiteSpace(GroupId) ? "kcron-" + Cluster + (Retry ? "-retry" : string.Empty) : GroupId;

    /// <summary>
    /// Fetched messages waiting for a slot by default. librdkafka looks at a resumed partition only on its fetcher's
    /// next tick, up to a second later, so what is left when fetching resumes (half the capacity) must keep the slots
    /// busy for that long: with twice the concurrency a worker started 16 runs/s whatever its jobs, with 1024 it ran
    /// about 1,050 runs/s once spawning no longer held it back, with 2048 about 1,550 (docs/load.md). A fire is about a
    /// kilobyte, so this costs about two megabytes.
    /// </summary>
    public const int DefaultPrefetch = 2048;

    public int EffectivePipelineCapacity => PipelineCapacity == 0 ? Concurrency + DefaultPrefetch : PipelineCapacity;

    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(ShutdownGraceSeconds);

    public TimeSpan KillGrace => TimeSpan.FromSeconds(KillGraceSeconds);

    public TimeSpan CommitInterval => TimeSpan.FromMilliseconds(CommitIntervalMs);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PipelineCapacity != 0 && PipelineCapacity < Concurrency)
        {
            yield return new ValidationResult(
                FormattableString.Invariant(
                    $"Worker:PipelineCapacity ({PipelineCapacity}) must be 0 or at least Worker:Concurrency ({Concurrency})"),
                [nameof(PipelineCapacity)]);
        }

        if (WorkerId is { } id && (id.Length == 0 || id.Any(char.IsWhiteSpace)))
        {
            yield return new ValidationResult("Worker:WorkerId must not be empty or contain spaces", [nameof(WorkerId)]);
        }
    }
}
