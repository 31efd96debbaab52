using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Retry;

/// <summary>Turns a dead-lettered fire back into a first attempt, with the attempts of the retry policy it carries.</summary>
public static class Replay
{
    /// <summary>
    /// Same fire id (jobs see the same <c>KCRON_FIRE_ID</c>), attempt 1, the policy's attempts, due at once, no
    /// history; <paramref name="now"/> becomes the publication time.
    /// </summary>
    public static FireMessage Fresh(FireMessage fire, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fire);
        var maxAttempts = (fire.Retry ?? RetryPlanner.FromPolicy(RetryPolicy.Default)).MaxAttempts;
        return fire with
        {
            Attempt = 1,
            RemainingAttempts = Math.Max(0, maxAttempts - 1),
            NotBefore = null,
            History = null,
            PublishedAt = now,
        };
    }
}
