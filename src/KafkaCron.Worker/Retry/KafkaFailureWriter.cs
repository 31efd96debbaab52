using System.Globalization;
using System.Text;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.Publishing;

namespace KafkaCron.Worker.Retry;

/// <summary>
/// Writes retries and exhausted fires through the worker's idempotent acks=all producer, keyed by job, so the
/// attempts of one job stay in one partition of the retry topic, in order.
/// </summary>
internal sealed class KafkaFailureWriter(IProducer<string, byte[]> producer, string retryTopic, string deadLetterTopic) : IFailureWriter
{
    private static readonly byte[] SchemaVersionHeader =
        Encoding.UTF8.GetBytes(FireMessage.CurrentSchemaVersion.ToString(CultureInfo.InvariantCulture));

    public Task WriteRetryAsync(FireMessage next, CancellationToken cancellationToken) =>
        ProduceAsync(retryTopic, new Message<string, byte[]>
        {
            Key = next.Job,
            Value = FireMessageCodec.Encode(next),
            Headers = new Headers
            {
                { FireHeaders.FireId, Encoding.UTF8.GetBytes(next.FireId) },
                { FireHeaders.SchemaVersion, SchemaVersionHeader },
            },
        }, cancellationToken);

    public Task WriteDeadLetterAsync(string key, DeadLetter deadLetter, CancellationToken cancellationToken) =>
        ProduceAsync(deadLetterTopic, new Message<string, byte[]> { Key = key, Value = FireMessageCodec.Encode(deadLetter) }, cancellationToken);

    private async Task ProduceAsync(string topic, Message<string, byte[]> message, CancellationToken cancellationToken)
    {
        try
        {
            await producer.ProduceAsync(topic, message, cancellationToken);
        }
        catch (ProduceException<string, byte[]> ex)
        {
            throw new FirePublishException($"{topic}: {ex.Error.Code}: {ex.Error.Reason}", KafkaFirePublisher.Classify(ex.Error), ex);
        }
        catch (KafkaException ex)
        {
            throw new FirePublishException($"{topic}: {ex.Error.Code}: {ex.Error.Reason}", KafkaFirePublisher.Classify(ex.Error), ex);
        }
    }
}
