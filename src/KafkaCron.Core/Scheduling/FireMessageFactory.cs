using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Retry;

namespace KafkaCron.Core.Scheduling;

/// <summary>Builds the first-attempt message of a fire, scheduled or manual, from the job's definition.</summary>
public static class FireMessageFactory
{
    /// <summary>
    /// A run of <paramref name="job"/> an operator asked for: built exactly as a scheduled fire of it (command,
    /// retries, timeout, concurrency policy), due <paramref name="now"/>, marked <see cref="FireTriggers.Manual"/> and
    /// with no epoch: it belongs to no scheduler term, so the worker's fencing of deposed leaders never refuses it.
    /// </summary>
    public static FireMessage Manual(JobDefinition job, DateTimeOffset now, string fireId) =>
        Create(job, now, now, fireId, epoch: null) with { Trigger = FireTriggers.Manual };

    public static FireMessage Create(JobDefinition job, DateTimeOffset scheduledAt, DateTimeOffset publishedAt, string fireId, long? epoch) =>
        new()
        {
            FireId = fireId,
            Job = job.Name,
            Cluster = job.Cluster,
            Command = job.Command,
            Args = job.Args,
            Env = job.Env.Count == 0 ? null : job.Env,
            WorkingDirectory = job.WorkingDirectory,
            ScheduledAt = scheduledAt.ToUniversalTime(),
            PublishedAt = publishedAt.ToUniversalTime(),
            Attempt = 1,
            RemainingAttempts = Math.Max(0, job.Retry.MaxAttempts - 1),
            TimeoutSeconds = job.Timeout?.TotalSeconds,
            ConcurrencyPolicy = ConcurrencyPolicyNames.Of(job.ConcurrencyPolicy),
            Retry = ToSpec(job.Retry),
            Epoch = epoch,
        };

    private static RetrySpec ToSpec(RetryPolicy retry) => new()
    {
        MaxAttempts = retry.MaxAttempts,
        InitialDelaySeconds = retry.InitialDelay.TotalSeconds,
        Multiplier = retry.Multiplier,
        MaxDelaySeconds = retry.MaxDelay.TotalSeconds,
        Jitter = retry.Jitter,
    };
}
