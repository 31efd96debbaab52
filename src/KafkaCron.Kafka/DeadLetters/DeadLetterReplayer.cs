using KafkaCron.Core.Messages;
using KafkaCron.Core.Retry;
using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Publishing;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.DeadLetters;

/// <summary>
/// Puts dead-lettered fires back on their cluster's jobs topic as first attempts (<see cref="Replay.Fresh"/>), through
/// the scheduler's own publisher. The dead letters stay where they are.
/// </summary>
public static class DeadLetterReplayer
{
    /// <returns>The fires as published, in the order given.</returns>
    public static async Task<IReadOnlyList<FireMessage>> PublishAsync(
        KafkaClientFactory clients, IReadOnlyList<FireMessage> fires, string cluster, TimeProvider time, ILogger<KafkaFirePublisher> logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fires);
        ArgumentNullException.ThrowIfNull(time);
        using var publisher = new KafkaFirePublisher(clients, logger);
        var published = new List<FireMessage>(fires.Count);
        foreach (var fire in fires)
        {
            var fresh = Replay.Fresh(fire with { Cluster = fire.Cluster ?? cluster }, time.GetUtcNow());
            await publisher.PublishAsync(fresh, cancellationToken);
            published.Add(fresh);
        }

        return published;
    }
}
