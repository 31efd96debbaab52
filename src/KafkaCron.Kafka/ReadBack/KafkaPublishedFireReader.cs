using System.Diagnostics;
using Confluent.Kafka;
using KafkaCron.Core.Leadership;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Publishing;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.ReadBack;

/// <summary>
/// Reads the jobs topics from a checkpoint's offsets to their ends, read_committed, outside any consumer group: a
/// new leader learns what the previous term published after its last checkpoint. Partitions with nothing to read
/// cost one offsets query each. Its clients are made at the first read and kept for the next (closing a consumer
/// takes a noticeable part of a takeover); one read runs at a time.
/// </summary>
public sealed class KafkaPublishedFireReader(KafkaClientFactory clients, ILogger<KafkaPublishedFireReader> logger) : IPublishedFireReader, IDisposable
{
    private const string ClientId = "kcron-scheduler-readback";

    private readonly Lock _gate = new();
    private IConsumer<string, byte[]>? _consumer;
    private IAdminClient? _admin;

    public Task<PublishedFires> ReadAsync(IReadOnlyCollection<string> clusters, IReadOnlyList<TopicPartitionPosition> from, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            lock (_gate)
            {
                _consumer ??= clients.CreateReadBackConsumer(ClientId);
                _admin ??= clients.CreateAdminClient(ClientId);
                try
                {
                    return Read(_consumer, _admin, clusters, from, cancellationToken);
                }
                finally
                {
                    _consumer.Unassign();
                }
            }
        }, cancellationToken);

    public void Dispose()
    {
        lock (_gate)
        {
            _consumer?.Dispose();
            _admin?.Dispose();
        }
    }

    private PublishedFires Read(
        IConsumer<string, byte[]> consumer, IAdminClient admin, IReadOnlyCollection<string> clusters,
        IReadOnlyList<TopicPartitionPosition> from, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var timeout = TimeSpan.FromSeconds(clients.Options.StartupTimeoutSeconds);
        var names = clients.Options.TopicNames;
        var clusterOf = clusters.GroupBy(names.Jobs, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var starts = from.ToDictionary(p => (p.Topic, p.Partition), p => p.Offset);
        var result = new PublishedFires();

        var ends = new Dictionary<TopicPartition, long>();
        var assignment = new List<TopicPartitionOffset>();
        foreach (var topic in clusterOf.Keys)
        {
            var metadata = admin.GetMetadata(topic, timeout).Topics.Single();
            if (metadata.Error.IsError)
            {
                throw new KafkaException(metadata.Error);
            }

            foreach (var partition in metadata.Partitions)
            {
                var tp = new TopicPartition(topic, partition.PartitionId);
                var kept = consumer.QueryWatermarkOffsets(tp, timeout);
                var end = kept.High.Value;
                result.EndAt(topic, partition.PartitionId, end);
                if (starts.TryGetValue((topic, partition.PartitionId), out var start) && start < end)
                {
                    if (start < kept.Low.Value)
                    {
                        // Read what is left rather than let the consumer skip to the end.
                        Log.ReadBackRecordsGone(logger, topic, partition.PartitionId, start, kept.Low.Value, kept.Low.Value - start);
                        start = kept.Low.Value;
                    }

                    ends[tp] = end;
                    assignment.Add(new TopicPartitionOffset(tp, start));
                }
            }
        }

        if (assignment.Count > 0)
        {
            consumer.Assign(assignment);
            var deadline = Stopwatch.StartNew();
            while (ends.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (deadline.Elapsed > timeout)
                {
                    throw new TimeoutException($"could not read back the jobs topics to their ends within {timeout.TotalSeconds} s");
                }

                var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (record is null)
                {
                    continue;
                }

                var tp = record.TopicPartition;
                if (!record.IsPartitionEOF)
                {
                    var decoded = FireMessageCodec.Decode(record.Message.Value, clusterOf[tp.Topic]);
                    if (decoded.IsSuccess)
                    {
                        result.Add(decoded.Fire);
                    }
                    else
                    {
                        result.AddUndecodable();
                    }
                }

                // Transaction markers occupy offsets but are never returned: the end of a partition is seen as EOF.
                var next = record.IsPartitionEOF ? record.Offset.Value : record.Offset.Value + 1;
                if (ends.TryGetValue(tp, out var end) && next >= end)
                {
                    result.EndAt(tp.Topic, tp.Partition.Value, next);
                    ends.Remove(tp);
                }
            }
        }

        Log.ReadBack(logger, result.Count, result.Undecodable, assignment.Count, watch.ElapsedMilliseconds);
        return result;
    }
}
