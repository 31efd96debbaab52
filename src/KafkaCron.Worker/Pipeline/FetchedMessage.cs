using Confluent.Kafka;

namespace KafkaCron.Worker.Pipeline;

/// <summary>A consumed message on its way to a job slot.</summary>
internal sealed record FetchedMessage(TopicPartitionOffset Source, string? Key, byte[]? Value, PartitionLease Lease, string Queue)
{
    public long Offset => Source.Offset.Value;
}
