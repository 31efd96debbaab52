using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Scheduling;

/// <summary>Puts a fire on its cluster's topic.</summary>
public interface IFirePublisher
{
    /// <summary>
    /// Completes once the broker acknowledged the fire, with where it was stored. Fails with
    /// <see cref="FirePublishException"/> saying whether trying again may help; cancelling stops the wait, not
    /// necessarily the delivery.
    /// </summary>
    Task<FireReceipt> PublishAsync(FireMessage fire, CancellationToken cancellationToken);
}
