using KafkaCron.Core.Jobs;
using KafkaCron.Core.Retry;
using KafkaCron.Core.Telemetry;

namespace KafkaCron.Scheduler.Canary;

/// <summary>
/// Adds the built-in canary job <c>kcron-canary-&lt;cluster&gt;</c> to every cluster the job file declares. Its
/// successful runs are the end-to-end signal the <c>KcronCanaryStale</c> alert watches (docs/metrics.md). The
/// parser rejects user jobs with the prefix, so these names never collide.
/// </summary>
internal static class CanaryJobs
{
    /// <summary>The canary is a liveness probe: a run that failed is not worth repeating, the next fire is.</summary>
    private static readonly RetryPolicy NoRetry = new() { MaxAttempts = 1 };

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    /// <returns><paramref name="jobFile"/> with one canary per declared cluster, or unchanged when disabled.</returns>
    public static JobFile AddTo(JobFile jobFile, SchedulerOptions options)
    {
        if (!options.CanaryEnabled)
        {
            return jobFile;
        }

        var canaries = jobFile.Clusters.Select(cluster => new JobDefinition
        {
            Name = CanaryJob.NameFor(cluster.Name),
            Schedule = options.CanarySchedule,
            Cluster = cluster.Name,
            Command = "true",
            Timeout = RunTimeout,
            Retry = NoRetry,
            // After an outage only "does it work now" matters, not the minutes missed.
            MisfirePolicy = MisfirePolicy.Skip,
        });
        return jobFile with { Jobs = [.. jobFile.Jobs, .. canaries] };
    }
}
