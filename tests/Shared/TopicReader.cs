using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;

namespace KafkaCron.Testing;

/// <summary>Reads a whole topic from the beginning to its current end, outside any consumer group.</summary>
public static class TopicReader
{
    public static IReadOnlyList<ConsumeResult<string, byte[]>> ReadAll(string bootstrapServers, string topic, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "kcron-test-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, timeout).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, timeout).High.Value);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));

        var records = new List<ConsumeResult<string, byte[]>>();
        var positions = partitions.ToDictionary(p => p, _ => 0L);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (positions.Any(p => p.Value < ends[p.Key]))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"read {records.Count} records of {topic} but not to its end within {timeout}");
            }

            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is null || record.IsPartitionEOF)
            {
                continue;
            }

            records.Add(record);
            positions[record.TopicPartition] = record.Offset.Value + 1;
        }

        return records;
    }

    public static IReadOnlyList<FireMessage> ReadFires(string bootstrapServers, string topic, string cluster, TimeSpan timeout) =>
        ReadAll(bootstrapServers, topic, timeout)
            .Select(r => FireMessageCodec.Decode(r.Message.Value, cluster))
            .Select(result => result.IsSuccess ? result.Fire : throw new InvalidOperationException("undecodable fire on " + topic + ": " + result.Error))
            .ToList();

    /// <summary>
    /// The fires of the test's own jobs: all but the scheduler's built-in canary, which fires once a minute and runs
    /// `true`, so it writes no run or attempt log line and would never count as run.
    /// </summary>
    public static IReadOnlyList<FireMessage> ReadFiresWithoutCanary(string bootstrapServers, string topic, string cluster, TimeSpan timeout) =>
        [.. ReadFires(bootstrapServers, topic, cluster, timeout).Where(fire => !CanaryJob.IsCanary(fire.Job, cluster))];
}
