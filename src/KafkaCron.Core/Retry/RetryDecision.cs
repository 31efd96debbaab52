using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Retry;

/// <summary>What happens to a fire after a failed attempt: another attempt later, or the dead-letter topic.</summary>
public abstract record RetryDecision
{
    private RetryDecision()
    {
    }

    /// <summary>Publish <paramref name="Next"/> to the retry topic; it must not start before its NotBefore.</summary>
    public sealed record Retry(FireMessage Next, TimeSpan Delay) : RetryDecision;

    /// <summary>No attempts left: dead-letter <paramref name="Final"/>, whose history holds every attempt.</summary>
    public sealed record Exhausted(FireMessage Final) : RetryDecision;
}
