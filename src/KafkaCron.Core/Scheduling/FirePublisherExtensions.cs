using System.Text;
using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Scheduling;

/// <summary>Publishing one message and waiting for Kafka's answer: for tools (replay) and tests, not the scheduler's loop.</summary>
public static class FirePublisherExtensions
{
    /// <summary>
    /// Encodes <paramref name="fire"/> with <see cref="FireMessageCodec"/>, publishes it keyed by its job to its
    /// cluster's topic, and completes with where the broker stored it, or fails with the publisher's failure.
    /// Cancelling stops the wait, not the delivery.
    /// </summary>
    public static Task<FireReceipt> PublishAsync(this IFirePublisher publisher, FireMessage fire, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(fire);
        var cluster = fire.Cluster ?? throw new ArgumentException($"the fire of {fire.Job} names no cluster", nameof(fire));
        var outcome = new Outcome();
        publisher.Publish(new OutgoingFire(null, cluster, Encoding.UTF8.GetBytes(fire.Job), fire.FireId, outcome) { Value = FireMessageCodec.Encode(fire) });
        return outcome.Task.WaitAsync(cancellationToken);
    }

    private sealed class Outcome() : TaskCompletionSource<FireReceipt>(TaskCreationOptions.RunContinuationsAsynchronously), IPublishOutcomes
    {
        public void Report(OutgoingFire fire)
        {
            if (fire.Failure is { } failure)
            {
                TrySetException(failure);
            }
            else
            {
                TrySetResult(fire.Receipt);
            }
        }
    }
}
