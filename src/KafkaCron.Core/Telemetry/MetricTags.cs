namespace KafkaCron.Core.Telemetry;

/// <summary>Tag (label) names and fixed values, so dashboards and alert rules match what the code emits.</summary>
public static class MetricTags
{
    public const string Cluster = "cluster";
    // Not "job": Prometheus attaches its own `job` label (the scrape job) to every series and would rename ours to
    // `exported_job`, so every query and dashboard would have to know that.
    public const string Job = "kcron_job";
    public const string Queue = "queue";
    public const string Outcome = "outcome";
    public const string Reason = "reason";
    public const string Topic = "topic";
    public const string Partition = "partition";
    public const string Client = "client";
    public const string Code = "code";
    public const string Action = "action";
    public const string Result = "result";

    public const string ReasonMisfire = "misfire";
    public const string ReasonOverlap = "overlap";

    /// <summary>A worker dropped a fire whose job and scheduled instant it had admitted recently (FireAdmission).</summary>
    public const string ReasonDuplicate = "duplicate";

    /// <summary>A worker dropped a fire of a deposed leader: a newer epoch had published on the partition.</summary>
    public const string ReasonStaleEpoch = "stale-epoch";

    /// <summary>The leading scheduler withheld a due instant: the job is paused (kcron pause) or suspended (suspend: true).</summary>
    public const string ReasonPaused = "paused";

    public const string QueueMain = "main";
    public const string QueueRetry = "retry";

    public const string OutcomeSucceeded = "succeeded";
    public const string OutcomeFailed = "failed";
    public const string OutcomeTimeout = "timeout";
    public const string OutcomeSpawnError = "spawn_error";
    public const string OutcomeReplaced = "replaced";
}
