using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Kafka.Clients;

namespace KafkaCron.Kafka.DeadLetters;

/// <summary>
/// Reads a cluster's dead-letter topic from its beginning to its current end, outside any consumer group: what
/// <c>kcron dead-letters</c>, <c>kcron replay</c> and the console show and replay.
/// </summary>
public static class DeadLetterReader
{
    /// <param name="timeout">Bounds each metadata and watermark request; <paramref name="cancellationToken"/> bounds the whole read.</param>
    /// <param name="lastPerPartition">Read only the newest this many records of each partition; null reads everything.</param>
    /// <exception cref="KafkaException">The topic is missing or Kafka did not answer in time.</exception>
    public static IReadOnlyList<DeadLetterEntry> ReadAll(
        KafkaClientFactory clients, string topic, TimeSpan timeout, CancellationToken cancellationToken, long? lastPerPartition = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        // A group id is required by the client, but nothing is ever committed under it.
        using var consumer = clients.CreateConsumerBuilder("kcron-dead-letters", "kcron-dead-letters-" + Guid.NewGuid().ToString("N")).Build();
        using var admin = clients.CreateAdminClient("kcron-dead-letters-admin");
        var metadata = admin.GetMetadata(topic, timeout).Topics.Single();
        if (metadata.Error.IsError)
        {
            throw new KafkaException(metadata.Error);
        }

        var partitions = metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var watermarks = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, timeout));
        var ends = watermarks.ToDictionary(w => w.Key, w => w.Value.High.Value);
        consumer.Assign(watermarks.Select(w => lastPerPartition is { } last
            ? new TopicPartitionOffset(w.Key, Math.Max(w.Value.Low.Value, w.Value.High.Value - last))
            : new TopicPartitionOffset(w.Key, Offset.Beginning)));
        var next = partitions.ToDictionary(p => p, _ => 0L);
        var entries = new List<DeadLetterEntry>();
        while (partitions.Any(p => next[p] < ends[p]))
        {
            var record = consumer.Consume(cancellationToken);
            if (record is null || record.IsPartitionEOF)
            {
                continue;
            }

            next[record.TopicPartition] = record.Offset.Value + 1;
            if (record.Offset.Value < ends[record.TopicPartition])
            {
                entries.Add(new DeadLetterEntry(record.Partition.Value, record.Offset.Value,
                    record.Message.Value is null ? null : FireMessageCodec.DecodeDeadLetter(record.Message.Value)));
            }
        }

        consumer.Close();
        return entries;
    }
}
