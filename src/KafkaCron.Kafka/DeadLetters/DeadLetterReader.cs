using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Reading;
using KafkaCron.Kafka.Runs;

namespace KafkaCron.Kafka.DeadLetters;

/// <summary>
/// Reads a cluster's dead-letter topic from its beginning to its end as it was when the read began, outside any
/// consumer group: what <c>kcron dead-letters</c>, <c>kcron replay</c> and the console show and replay.
/// </summary>
public static class DeadLetterReader
{
    /// <param name="timeout">Bounds each request to Kafka and the read as a whole.</param>
    /// <param name="lastPerPartition">Read only the newest this many records of each partition; null reads everything.</param>
    /// <exception cref="KafkaUnavailableException">The topic is missing or Kafka did not answer in time; one line.</exception>
    public static IReadOnlyList<DeadLetterEntry> ReadAll(
        KafkaClientFactory clients, string topic, TimeSpan timeout, CancellationToken cancellationToken, long? lastPerPartition = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        using var consumer = clients.CreateReadBackConsumer("kcron-dead-letters", KafkaRunHistoryReader.FetchWaitMs);
        using var admin = clients.CreateAdminClient("kcron-dead-letters-admin");
        var read = new BoundedRead(consumer, admin, clients.Options.BootstrapServers, timeout);
        var ranges = read.Extents(read.Partitions(topic)).ToDictionary(
            e => e.Key,
            e => (From: lastPerPartition is { } last ? Math.Max(e.Value.Start, e.Value.End - last) : e.Value.Start, To: e.Value.End));
        var entries = new List<DeadLetterEntry>();
        read.Read(ranges, record => entries.Add(new DeadLetterEntry(record.Partition.Value, record.Offset.Value,
            record.Message.Value is null ? null : FireMessageCodec.DecodeDeadLetter(record.Message.Value))), cancellationToken);
        return entries;
    }
}
