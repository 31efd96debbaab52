using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Worker.Runs;

namespace KafkaCron.Worker.Tests.Runs;

/// <summary>Fetched messages as the consumer thread hands them on, decoded, without Kafka.</summary>
internal static class TestMessages
{
    public const string Cluster = "c1";

    public static FetchedMessage Fetched(FireMessage fire, PartitionLease lease, long offset, FireQueue queue = FireQueue.Main) =>
        Fetched(FireMessageCodec.Encode(fire), lease, offset, queue, fire.Job);

    public static FetchedMessage Fetched(byte[]? value, PartitionLease lease, long offset, FireQueue queue = FireQueue.Main, string? key = "job-a") =>
        new(new TopicPartitionOffset(lease.Partition, offset), key, value, FetchedMessage.Decode(value, Cluster), lease, queue,
            DateTimeOffset.UnixEpoch);

    public static FireMessage Fire(string job, long? epoch = null, string? policy = null, DateTimeOffset? scheduledAt = null) => new()
    {
        FireId = Guid.NewGuid().ToString("N"),
        Job = job,
        Cluster = Cluster,
        Command = "true",
        ScheduledAt = scheduledAt ?? new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
        PublishedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
        Epoch = epoch,
        ConcurrencyPolicy = policy,
    };
}
