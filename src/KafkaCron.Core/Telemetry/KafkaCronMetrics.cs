using System.Diagnostics.Metrics;

namespace KafkaCron.Core.Telemetry;

/// <summary>
/// Every instrument KafkaCron exports, in one place. The Prometheus names (after OpenTelemetry's translation of
/// dots, units and counter suffixes) are listed in docs/metrics.md with the question each answers.
/// </summary>
public sealed class KafkaCronMetrics : IDisposable
{
    public const string MeterName = "KafkaCron";

    private readonly Meter _meter;

    public KafkaCronMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);

        FiresPublished = _meter.CreateCounter<long>("kcron.fires.published", "{fire}", "Fires published to a cluster topic.");
        PublishErrors = _meter.CreateCounter<long>("kcron.publish.errors", "{error}", "Fires that could not be published after retries.");
        FiresSkipped = _meter.CreateCounter<long>("kcron.fires.skipped", "{fire}", "Fires not run, by reason (misfire policy, forbid overlap).");
        JobsLoaded = _meter.CreateGauge<long>("kcron.jobs.loaded", "{job}", "Jobs in the loaded job file, suspended ones included.");
        JobNextFire = _meter.CreateGauge<double>("kcron.job.next_fire", "s", "Unix time of each job's next fire.");
        JobFileReloads = _meter.CreateCounter<long>("kcron.job_file.reloads", "{reload}", "Job file reloads by outcome.");
        SchedulerLeader = _meter.CreateGauge<long>("kcron.scheduler.leader", "{leader}", "1 while this scheduler replica leads, else 0.");
        SchedulerEpoch = _meter.CreateGauge<long>("kcron.scheduler.epoch", "{epoch}", "Leadership epoch of this replica's current or last term.");
        CheckpointAge = _meter.CreateGauge<double>("kcron.scheduler.checkpoint.age", "s", "Seconds since the schedule checkpoint was last written.");

        JobRuntime = _meter.CreateHistogram<double>("kcron.job.runtime", "s", "Run time of job attempts.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RuntimeBuckets });
        JobStartDelay = _meter.CreateHistogram<double>("kcron.job.start_delay", "s", "Start time minus scheduled (or not-before) time.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DelayBuckets });
        JobsCompleted = _meter.CreateCounter<long>("kcron.jobs.completed", "{run}", "Finished job attempts by outcome.");
        RetriesPublished = _meter.CreateCounter<long>("kcron.retries.published", "{fire}", "Failed attempts sent to the retry topic.");
        DeadLetters = _meter.CreateCounter<long>("kcron.dead_letters", "{message}", "Messages sent to the dead-letter topic, by reason.");
        DecodeFailures = _meter.CreateCounter<long>("kcron.decode.failures", "{message}", "Messages that could not be decoded.");
        JobsInFlight = _meter.CreateUpDownCounter<long>("kcron.jobs.in_flight", "{run}", "Job processes running now.");
        PipelineOccupancy = _meter.CreateUpDownCounter<long>("kcron.pipeline.occupancy", "{message}", "Messages held by the worker pipeline, fetched but not committed.");
        ConsumerLag = _meter.CreateGauge<long>("kcron.consumer.lag", "{message}", "Consumer lag per partition from librdkafka statistics.");
        KafkaClientErrors = _meter.CreateCounter<long>("kcron.kafka.client.errors", "{error}", "Errors reported by the Kafka client, by code.");

        CanaryLastSuccess = _meter.CreateGauge<double>("kcron.canary.last_success", "s",
            "Unix time the cluster's canary job (kcron-canary-<cluster>) last finished successfully on this worker.");
        OutcomeWritesStalled = _meter.CreateUpDownCounter<long>("kcron.outcome_writes.stalled", "{record}",
            "Retry and dead-letter records the worker could not write yet because Kafka refuses them; their partitions are paused.");

        RecordsUndecodable = _meter.CreateCounter<long>("kcron.records.undecodable", "{record}",
            "Records of the control or runs topic that could not be decoded and were skipped.");

        FireLateness = _meter.CreateHistogram<double>("kcron.fires.lateness", "s",
            "Acknowledgement by Kafka minus scheduled instant of each published fire.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatenessBuckets });
        SchedulerBehind = _meter.CreateGauge<double>("kcron.scheduler.behind", "s",
            "How far the leading scheduler is behind its schedule: the oldest due fire still waiting, or the lateness of the last one published.");

        ConsoleActions = _meter.CreateCounter<long>("kcron.console.actions", "{request}",
            "Actions asked of the web console (trigger, pause, resume, replay, login), by action and result.");
    }

    internal static double[] RuntimeBuckets { get; } = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200];

    // Finer at the low end than DelayBuckets: a healthy scheduler publishes within milliseconds of the instant.
    internal static double[] LatenessBuckets { get; } = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    internal static double[] DelayBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    public Counter<long> FiresPublished { get; }

    public Counter<long> PublishErrors { get; }

    public Counter<long> FiresSkipped { get; }

    public Gauge<long> JobsLoaded { get; }

    public Gauge<double> JobNextFire { get; }

    public Counter<long> JobFileReloads { get; }

    public Gauge<long> SchedulerLeader { get; }

    public Gauge<long> SchedulerEpoch { get; }

    public Gauge<double> CheckpointAge { get; }

    public Histogram<double> JobRuntime { get; }

    public Histogram<double> JobStartDelay { get; }

    public Counter<long> JobsCompleted { get; }

    public Counter<long> RetriesPublished { get; }

    public Counter<long> DeadLetters { get; }

    public Counter<long> DecodeFailures { get; }

    public UpDownCounter<long> JobsInFlight { get; }

    public UpDownCounter<long> PipelineOccupancy { get; }

    public Gauge<long> ConsumerLag { get; }

    public Counter<long> KafkaClientErrors { get; }

    /// <summary>
    /// Recorded by the worker, tagged with the cluster, when an attempt of the job <c>kcron-canary-&lt;cluster&gt;</c> succeeds:
    /// the value is the attempt's finish time in Unix seconds. One end-to-end signal (scheduler, Kafka, worker, process
    /// spawn) that the KcronCanaryStale alert watches; see docs/metrics.md.
    /// </summary>
    public Gauge<double> CanaryLastSuccess { get; }

    /// <summary>
    /// Records of the worker's outcome writer (retries, dead letters) that outlived the write budget and are held until
    /// Kafka takes them; while above zero the partitions they came from are paused and their offsets do not commit.
    /// </summary>
    public UpDownCounter<long> OutcomeWritesStalled { get; }

    /// <summary>Tagged with the topic. Each is also logged with its partition, offset and what was wrong; none stops its reader.</summary>
    public Counter<long> RecordsUndecodable { get; }

    /// <summary>Tagged with the cluster only, never the job: it must stay a few series at 100,000 jobs.</summary>
    public Histogram<double> FireLateness { get; }

    /// <summary>Seconds; 0 while on schedule. Recorded by the leader's loop, which wakes at least once a second.</summary>
    public Gauge<double> SchedulerBehind { get; }

    /// <summary>
    /// Tagged with <see cref="MetricTags.Action"/> and <see cref="MetricTags.Result"/> (<c>done</c>, <c>unauthenticated</c>,
    /// <c>forbidden</c>, <c>csrf</c>, <c>failed</c>): refusals counted here are the console's security signal.
    /// </summary>
    public Counter<long> ConsoleActions { get; }

    public void Dispose() => _meter.Dispose();
}
