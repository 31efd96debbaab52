namespace KafkaCron.Core.Telemetry;

/// <summary>
/// The naming contract of the per-cluster canary job: the scheduler fires <c>kcron-canary-&lt;cluster&gt;</c> like any
/// job, and the worker that runs it successfully records <see cref="KafkaCronMetrics.CanaryLastSuccess"/>. The alert
/// rules and dashboards match the job label on this prefix.
/// </summary>
public static class CanaryJob
{
    public const string NamePrefix = "kcron-canary-";

    public static string NameFor(string cluster)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        return NamePrefix + cluster;
    }

    public static bool IsCanary(string jobName, string cluster) =>
        string.Equals(jobName, NamePrefix + cluster, StringComparison.Ordinal);
}
