using Confluent.Kafka;
using KafkaCron.Core.Telemetry;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Kafka.Mock;

namespace KafkaCron.Integration.Tests.Telemetry;

/// <summary>The lag parser against statistics a real librdkafka consumer emits (mock cluster, real protocol).</summary>
public sealed class LibrdkafkaStatisticsLiveTests
{
    private const string Topic = "kcron.jobs.stats";

    [Fact]
    public async Task ParseConsumerLag_LiveConsumerStatistics_ReportsHighWatermarkMinusCommitted()
    {
        using var cluster = MockKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic(Topic, partitions: 2, replicationFactor: 1);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (var i = 0; i < 10; i++)
            {
                await producer.ProduceAsync(new TopicPartition(Topic, i % 2), new Message<Null, string> { Value = "fire" });
            }
        }

        IReadOnlyList<PartitionLag> latest = [];
        using var consumer = new ConsumerBuilder<Null, string>(new ConsumerConfig
            {
                BootstrapServers = cluster.BootstrapServers,
                GroupId = "kcron-workers-stats",
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = false,
                StatisticsIntervalMs = 100,
                FetchWaitMaxMs = 10,
            })
            .SetStatisticsHandler((_, json) => Volatile.Write(ref latest, LibrdkafkaStatistics.ParseConsumerLag(json)))
            .Build();
        consumer.Subscribe(Topic);
        for (var consumed = 0; consumed < 10;)
        {
            consumed += consumer.Consume(TimeSpan.FromSeconds(10)) is null ? throw new TimeoutException("no message") : 1;
        }

        // Five messages on each partition: commit 2 of them on partition 0 and all of them on partition 1.
        consumer.Commit([new TopicPartitionOffset(Topic, 0, 2), new TopicPartitionOffset(Topic, 1, 5)]);

        var expected = new[] { new PartitionLag(Topic, 0, true, 3), new PartitionLag(Topic, 1, true, 0) };
        await Eventually.TrueAsync(
            () =>
            {
                // The statistics handler runs on Consume: keep polling while waiting.
                consumer.Consume(TimeSpan.FromMilliseconds(50));
                return Volatile.Read(ref latest).OrderBy(l => l.Partition).SequenceEqual(expected);
            },
            TimeSpan.FromSeconds(15),
            () => string.Join(", ", Volatile.Read(ref latest)));
        consumer.Close();
    }
}
