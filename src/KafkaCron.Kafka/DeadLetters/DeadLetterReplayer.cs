using KafkaCron.Core.Messages;
using KafkaCron.Core.Retry;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Publishing;

namespace KafkaCron.Kafka.DeadLetters;

/// <summary>
/// Puts dead-lettered fires back on their cluster's jobs topic as first attempts (<see cref="Replay.Fresh"/>), as the
/// records the scheduler publishes. The dead letters stay where they are.
/// </summary>
public static class DeadLetterReplayer
{
    /// <param name="timeout">How long Kafka has to answer the topic check and to acknowledge each fire.</param>
    /// <returns>The fires as published, in the order given.</returns>
    /// <exception cref="KafkaUnavailableException">Kafka did not take a fire in time; the fires before it are published.</exception>
    public static async Task<IReadOnlyList<FireMessage>> PublishAsync(
        KafkaClientFactory clients, IReadOnlyList<FireMessage> fires, string cluster, TimeProvider time, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(fires);
        ArgumentNullException.ThrowIfNull(time);
        var topic = clients.Options.TopicNames.Jobs(cluster);
        await Producing.EnsureTopicAsync(clients, topic, timeout, cancellationToken);
        using var producer = clients.CreateProducer("kcron-replay", timeout);
        var published = new List<FireMessage>(fires.Count);
        foreach (var fire in fires)
        {
            var fresh = Replay.Fresh(fire with { Cluster = fire.Cluster ?? cluster }, time.GetUtcNow());
            await Producing.ProduceAsync(producer, topic, FireRecord.Build(fresh), clients.Options.BootstrapServers, timeout, cancellationToken);
            published.Add(fresh);
        }

        return published;
    }
}
