namespace KafkaCron.Core.Telemetry;

/// <summary>Tag (label) names and fixed values, so dashboards and alert rules match what the code emits.</summary>
public static class MetricTags
{
    public const string Cluster = "cluster";
    public const string Job = "job";
    public const string Queue = "queue";
    public const string Outcome = "outcome";
    public const string Reason = "reason";
    public const string Topic = "topic";
    public const string Partition = "partition";
    public const string Client = "client";
    public const string Code = "code";

    public const string ReasonMisfire = "misfire";

    public const string QueueMain = "main";
    public const string QueueRetry = "retry";

    public const string OutcomeSucceeded = "succeeded";
    public const string OutcomeFailed = "failed";
    public const string OutcomeTimeout = "timeout";
    public const string OutcomeSpawnError = "spawn_error";
    public const string OutcomeReplaced = "replaced";
}
