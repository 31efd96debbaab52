namespace KafkaCron.Integration.Tests.Telemetry;

/// <summary>The Prometheus metric families KafkaCron serves, pinned by <see cref="PrometheusExportTests"/>.</summary>
internal static class PrometheusNames
{
    // Prometheus family name -> TYPE, as OpenTelemetry 1.20's exporter translates them: dots become underscores, unit
    // "s" adds _seconds, annotation units like {fire} add nothing, counters get _total, up-down counters are gauges.
    public static IReadOnlyDictionary<string, string> Families { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["kcron_fires_published_total"] = "counter",
        ["kcron_publish_errors_total"] = "counter",
        ["kcron_fires_skipped_total"] = "counter",
        ["kcron_jobs_loaded"] = "gauge",
        ["kcron_job_next_fire_seconds"] = "gauge",
        ["kcron_job_file_reloads_total"] = "counter",
        ["kcron_scheduler_leader"] = "gauge",
        ["kcron_scheduler_epoch"] = "gauge",
        ["kcron_scheduler_checkpoint_age_seconds"] = "gauge",
        ["kcron_job_runtime_seconds"] = "histogram",
        ["kcron_job_start_delay_seconds"] = "histogram",
        ["kcron_jobs_completed_total"] = "counter",
        ["kcron_retries_published_total"] = "counter",
        ["kcron_dead_letters_total"] = "counter",
        ["kcron_decode_failures_total"] = "counter",
        ["kcron_jobs_in_flight"] = "gauge",
        ["kcron_pipeline_occupancy"] = "gauge",
        ["kcron_consumer_lag"] = "gauge",
        ["kcron_kafka_client_errors_total"] = "counter",
        ["kcron_canary_last_success_seconds"] = "gauge",
        ["kcron_outcome_writes_stalled"] = "gauge",
        ["kcron_fires_lateness_seconds"] = "histogram",
        ["kcron_scheduler_behind_seconds"] = "gauge",
        ["kcron_records_undecodable_total"] = "counter",
    };

    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    /// <summary>Whether a name used in PromQL is a served family or one of a histogram's series.</summary>
    public static bool IsServed(string name) =>
        Families.ContainsKey(name)
        || HistogramSuffixes.Any(suffix =>
            name.EndsWith(suffix, StringComparison.Ordinal)
            && Families.TryGetValue(name[..^suffix.Length], out var type)
            && type == "histogram");
}
