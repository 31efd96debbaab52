using Confluent.Kafka;
using KafkaCron.Core.Messages;

namespace KafkaCron.Worker.Runs;

/// <summary>
/// A consumed message on its way through the worker, decoded once on the consumer thread: <see cref="Decoded"/> holds
/// the fire or the reason the bytes are not one, so no later stage decodes again.
/// </summary>
internal sealed record FetchedMessage(
    TopicPartitionOffset Source,
    string? Key,
    byte[]? Value,
    DecodeResult Decoded,
    PartitionLease Lease,
    FireQueue Queue,
    DateTimeOffset FetchedAt)
{
    public long Offset => Source.Offset.Value;

    /// <summary>
    /// Decodes a consumed value; a null value (a tombstone) is a failure like any other bytes that are not a fire.
    /// </summary>
    public static DecodeResult Decode(byte[]? value, string cluster) => value is null
        ? DecodeResult.Failure(DecodeFailureReasons.Empty, "message value is null (a tombstone)")
        : FireMessageCodec.Decode(value, cluster);
}
