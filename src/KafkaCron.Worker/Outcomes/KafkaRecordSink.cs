using Confluent.Kafka;
using KafkaCron.Kafka.Publishing;

namespace KafkaCron.Worker.Outcomes;

/// <summary>Produces outcome records and sorts Kafka's errors the way the publishers do.</summary>
internal sealed class KafkaRecordSink(IProducer<string, byte[]> producer) : IRecordSink
{
    public async Task WriteAsync(OutcomeRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await producer.ProduceAsync(record.Topic, record.Message, cancellationToken);
        }
        catch (KafkaException ex)
        {
            throw FireRecord.Failure(ex.Error, record.Topic, ex);
        }
    }
}
