namespace KafkaCron.Core.Control;

/// <summary>
/// The jobs paused now, as a follower of the control topic keeps them: every scheduler replica has one, and a new
/// leader reads it to the end before it publishes anything, so a pause survives restarts and failovers.
/// </summary>
public interface IPausedJobs
{
    /// <summary>The latest snapshot; cheap, safe from any thread.</summary>
    PausedJobs Current { get; }

    /// <summary>Raised (on the follower's thread) after <see cref="Current"/> changed.</summary>
    event Action? Changed;

    /// <summary>
    /// Completes once every control record written before the call has been applied to <see cref="Current"/>. Waits as
    /// long as it takes (Kafka unreachable: until it is reachable again) unless cancelled: a scheduler must not publish
    /// a fire an operator paused.
    /// </summary>
    Task ReadToEndAsync(CancellationToken cancellationToken);
}
