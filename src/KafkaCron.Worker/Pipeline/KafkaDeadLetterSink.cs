using Confluent.Kafka;
using KafkaCron.Core.Messages;

namespace KafkaCron.Worker.Pipeline;

/// <summary>Writes dead letters to a topic through the idempotent, acks=all producer.</summary>
internal sealed class KafkaDeadLetterSink(IProducer<string, byte[]> producer, string topic) : IDeadLetterSink
{
    public string Topic => topic;

    public async Task WriteAsync(string? key, DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        var message = new Message<string, byte[]> { Key = key!, Value = FireMessageCodec.Encode(deadLetter) };
        await producer.ProduceAsync(topic, message, cancellationToken);
    }
}
