using Confluent.Kafka;
using KafkaCron.Core.Topics;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Mock;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.Integration.Tests.Kafka;

/// <summary>librdkafka's mock cluster with one KafkaCron cluster's topics and the control topic, and a client factory for it.</summary>
internal sealed class MockKafkaWithTopics : IDisposable
{
    public const string Cluster = "cluster-a";
    public const int Partitions = 2;

    private IProducer<string, byte[]>? _producer;

    public MockKafkaWithTopics(int partitions = Partitions)
    {
        Kafka = MockKafkaCluster.Start(brokerCount: 1);
        foreach (var topic in Topics.All(Cluster))
        {
            Kafka.CreateTopic(topic, partitions, 1);
        }

        Kafka.CreateTopic(Topics.Control, 1, 1);
        Clients = new KafkaClientFactory(
            Options.Create(new KafkaOptions { BootstrapServers = Kafka.BootstrapServers, FetchWaitMaxMs = 10, StartupTimeoutSeconds = 10, Partitions = partitions }),
            Metrics.Metrics,
            NullLogger<KafkaClientFactory>.Instance);
    }

    public MockKafkaCluster Kafka { get; }

    public TopicNames Topics { get; } = new();

    public MetricsRecorder Metrics { get; } = new();

    public KafkaClientFactory Clients { get; }

    public IProducer<string, byte[]> Producer => _producer ??= Clients.CreateProducer("test-producer");

    /// <summary>Writes raw bytes (garbage, or a record built by hand) and waits for the acknowledgement.</summary>
    public async Task<TopicPartitionOffset> WriteAsync(string topic, string? key, byte[]? value, DateTimeOffset? timestamp = null)
    {
        var message = new Message<string, byte[]> { Key = key!, Value = value! };
        if (timestamp is { } at)
        {
            message.Timestamp = new Timestamp(at.UtcDateTime);
        }

        return (await Producer.ProduceAsync(topic, message)).TopicPartitionOffset;
    }

    public void Dispose()
    {
        _producer?.Dispose();
        Kafka.Dispose();
        Metrics.Dispose();
    }
}
