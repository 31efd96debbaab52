using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Retry;

/// <summary>
/// Decides, without I/O, what follows a failed attempt. The delay before attempt n+1 is
/// initialDelay × multiplier^(n−1), capped at maxDelay, then spread by ±jitter so that the retries of many jobs
/// that failed together do not all come back at the same instant.
/// </summary>
public static class RetryPlanner
{
    /// <summary>Attempts kept in a message's history; older ones are dropped so a message stays small.</summary>
    public const int MaxHistory = 20;

    /// <param name="fire">The attempt that failed, as it was consumed.</param>
    /// <param name="failed">What that attempt did.</param>
    /// <param name="now">When it finished.</param>
    /// <param name="random">A uniform sample in [0, 1) for the jitter.</param>
    public static RetryDecision Decide(FireMessage fire, AttemptRecord failed, DateTimeOffset now, double random)
    {
        ArgumentNullException.ThrowIfNull(fire);
        ArgumentNullException.ThrowIfNull(failed);
        var history = (fire.History ?? []).Append(failed).TakeLast(MaxHistory).ToList();
        if (fire.RemainingAttempts <= 0)
        {
            return new RetryDecision.Exhausted(fire with { History = history });
        }

        var delay = Delay(fire.Retry, fire.Attempt, random);
        var next = fire with
        {
            Attempt = fire.Attempt + 1,
            RemainingAttempts = fire.RemainingAttempts - 1,
            NotBefore = now + delay,
            History = history,
        };
        return new RetryDecision.Retry(next, delay);
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public static TimeSpan Delay(RetrySpec? policy, int attempt, double random)
    {
        var spec = policy ?? FromPolicy(RetryPolicy.Default);
        var exponent = Math.Max(0, attempt - 1);
        var seconds = spec.InitialDelaySeconds * Math.Pow(spec.Multiplier, exponent);
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds > spec.MaxDelaySeconds)
        {
            seconds = spec.MaxDelaySeconds;
        }

        var jitter = Math.Clamp(spec.Jitter, 0, 1);
        seconds *= 1 + (jitter * ((2 * Math.Clamp(random, 0, 1)) - 1));
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, spec.MaxDelaySeconds));
    }

    public static RetrySpec FromPolicy(RetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new RetrySpec
        {
            MaxAttempts = policy.MaxAttempts,
            InitialDelaySeconds = policy.InitialDelay.TotalSeconds,
            Multiplier = policy.Multiplier,
            MaxDelaySeconds = policy.MaxDelay.TotalSeconds,
            Jitter = policy.Jitter,
        };
    }
}
