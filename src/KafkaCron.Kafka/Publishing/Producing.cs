using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Reading;

namespace KafkaCron.Kafka.Publishing;

/// <summary>
/// The one-record writes of the operator commands (pause, resume, trigger): the topic is checked first, so a missing
/// topic or an unreachable Kafka is one clear <see cref="KafkaUnavailableException"/> within the timeout.
/// </summary>
internal static class Producing
{
    public static Task EnsureTopicAsync(KafkaClientFactory clients, string topic, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            using var admin = clients.CreateAdminClient("kcron-cli");
            using var consumer = clients.CreateReadBackConsumer("kcron-cli");
            new BoundedRead(consumer, admin, clients.Options.BootstrapServers, timeout).Partitions(topic);
        }, cancellationToken);

    public static async Task<FireReceipt> ProduceAsync(
        IProducer<string, byte[]> producer, string topic, Message<string, byte[]> message, string bootstrapServers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var report = await producer.ProduceAsync(topic, message, cancellationToken);
            return FireRecord.Receipt(report.TopicPartitionOffset);
        }
        catch (ProduceException<string, byte[]> ex)
        {
            throw new KafkaUnavailableException(
                $"Kafka at {bootstrapServers} did not acknowledge the record to {topic} within {timeout.TotalSeconds:0.#} s ({ex.Error.Code}: {ex.Error.Reason})", ex);
        }
    }
}
