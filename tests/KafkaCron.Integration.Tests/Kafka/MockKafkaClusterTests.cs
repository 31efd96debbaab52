using Confluent.Kafka;
using KafkaCron.Kafka.Mock;

namespace KafkaCron.Integration.Tests.Kafka;

public sealed class MockKafkaClusterTests
{
    [Fact]
    public async Task Start_CreateTopic_RoundTripsAMessageThroughConfluentClients()
    {
        using var cluster = MockKafkaCluster.Start(brokerCount: 3);
        cluster.CreateTopic("roundtrip", partitions: 2, replicationFactor: 3);

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig
               {
                   BootstrapServers = cluster.BootstrapServers,
                   EnableIdempotence = true,
                   Acks = Acks.All,
               }).Build())
        {
            var delivered = await producer.ProduceAsync("roundtrip", new Message<string, string> { Key = "k", Value = "hello" });

            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "roundtrip-test",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Subscribe("roundtrip");
        var consumed = consumer.Consume(TimeSpan.FromSeconds(30));

        Assert.NotNull(consumed);
        Assert.Equal("hello", consumed.Message.Value);
        Assert.Equal(3, cluster.Brokers.Count);
    }
}
