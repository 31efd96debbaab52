using System.Diagnostics;
using Confluent.Kafka;
using KafkaCron.Core.Messages;

namespace KafkaCron.Kafka.Reading;

/// <summary>
/// Reads partitions from a start offset up to an end offset taken before the read, outside any consumer group, and
/// stops there: the readers of the run history and the control topic never wait for records written after they began.
/// Asks Kafka through an admin and a consumer client with a bound on every call, so an unreachable Kafka is one
/// <see cref="KafkaUnavailableException"/> within the timeout, not a hang.
/// </summary>
internal sealed class BoundedRead(IConsumer<string, byte[]> consumer, IAdminClient admin, string bootstrapServers, TimeSpan timeout)
{
    /// <summary>The partitions of <paramref name="topic"/>; a transient answer (a leader being elected) is asked again within the timeout.</summary>
    public IReadOnlyList<TopicPartition> Partitions(string topic)
    {
        var asking = Stopwatch.StartNew();
        while (true)
        {
            var metadata = Ask(() => admin.GetMetadata(topic, timeout), $"the partitions of {topic}").Topics.SingleOrDefault();
            if (metadata is null || metadata.Error.Code == ErrorCode.UnknownTopicOrPart || (!metadata.Error.IsError && metadata.Partitions.Count == 0))
            {
                throw new KafkaUnavailableException($"Kafka at {bootstrapServers} has no topic {topic}");
            }

            var error = metadata.Error.IsError ? metadata.Error : metadata.Partitions.Select(p => p.Error).FirstOrDefault(e => e.IsError);
            if (error is null)
            {
                return [.. metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(p => p.Partition.Value)];
            }

            if (error.Code != ErrorCode.LeaderNotAvailable || asking.Elapsed > timeout)
            {
                throw new KafkaUnavailableException($"Kafka at {bootstrapServers} refused the metadata of {topic}: {error.Code}: {error.Reason}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Where each partition starts (its oldest record kept) and ends (the offset the next record will get) now.</summary>
    public IReadOnlyDictionary<TopicPartition, (long Start, long End)> Extents(IEnumerable<TopicPartition> partitions) =>
        partitions.ToDictionary(p => p, p =>
        {
            var marks = Ask(() => consumer.QueryWatermarkOffsets(p, timeout), $"the offsets of {p}");
            return (marks.Low.Value, marks.High.Value);
        });

    /// <summary>
    /// The offset of the first record of each partition written at or after <paramref name="since"/>, by Kafka's
    /// offsetsForTimes; its end when there is none. Where the broker answers none but the partition's newest record
    /// is that recent after all (librdkafka's mock cluster answers none for every time), the offset is found by a
    /// binary search over record timestamps instead: a few fetches, never a scan.
    /// </summary>
    public IReadOnlyDictionary<TopicPartition, long> OffsetsAt(IReadOnlyDictionary<TopicPartition, (long Start, long End)> extents, DateTimeOffset since)
    {
        // Record timestamps have milliseconds; a record of the very millisecond of since must not be missed.
        since = since.AddTicks(-(since.UtcTicks % TimeSpan.TicksPerMillisecond));
        var wanted = extents.Keys.Select(p => new TopicPartitionTimestamp(p, new Timestamp(since.UtcDateTime))).ToList();
        var found = Ask(() => consumer.OffsetsForTimes(wanted, timeout), $"the offsets of {since:O}");
        var offsets = new Dictionary<TopicPartition, long>();
        foreach (var answer in found)
        {
            var partition = answer.TopicPartition;
            var (start, end) = extents[partition];
            offsets[partition] = answer.Offset.Value >= 0 ? answer.Offset.Value
                : start >= end || TimestampAt(partition, end - 1) < since ? end
                : FirstAtOrAfter(partition, start, end - 1, since);
        }

        return offsets;
    }

    /// <summary>The first offset in [<paramref name="low"/>, <paramref name="high"/>] whose record is at or after <paramref name="since"/>; the record at <paramref name="high"/> is.</summary>
    private long FirstAtOrAfter(TopicPartition partition, long low, long high, DateTimeOffset since)
    {
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (TimestampAt(partition, middle) >= since)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>The timestamp of the record at <paramref name="offset"/> (or the next one kept).</summary>
    private DateTimeOffset TimestampAt(TopicPartition partition, long offset)
    {
        consumer.Assign(new TopicPartitionOffset(partition, offset));
        try
        {
            var asking = Stopwatch.StartNew();
            while (asking.Elapsed < timeout)
            {
                var record = Ask(() => consumer.Consume(TimeSpan.FromMilliseconds(100)), $"the record at {partition} @{offset}");
                if (record is { IsPartitionEOF: false })
                {
                    return new DateTimeOffset(record.Message.Timestamp.UtcDateTime);
                }
            }

            throw new KafkaUnavailableException($"Kafka at {bootstrapServers} did not deliver the record at {partition} @{offset} within {timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            consumer.Unassign();
        }
    }

    /// <summary>
    /// Hands <paramref name="onRecord"/> every record of each partition from its start to its end (exclusive), in
    /// offset order per partition. Throws <see cref="KafkaUnavailableException"/> when the ends are not reached within
    /// the timeout.
    /// </summary>
    public void Read(IReadOnlyDictionary<TopicPartition, (long From, long To)> ranges, Action<ConsumeResult<string, byte[]>> onRecord, CancellationToken cancellationToken)
    {
        var left = ranges.Where(r => r.Value.From < r.Value.To).ToDictionary(r => r.Key, r => r.Value.To);
        if (left.Count == 0)
        {
            return;
        }

        consumer.Assign(left.Keys.Select(p => new TopicPartitionOffset(p, ranges[p].From)));
        try
        {
            var reading = Stopwatch.StartNew();
            while (left.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reading.Elapsed > timeout)
                {
                    throw new KafkaUnavailableException(
                        $"Kafka at {bootstrapServers} did not deliver {string.Join(", ", left.Keys)} up to their ends within {timeout.TotalSeconds:0.#} s");
                }

                var record = Ask(() => consumer.Consume(TimeSpan.FromMilliseconds(100)), "records");
                if (record is null)
                {
                    continue;
                }

                var partition = record.TopicPartition;
                if (!record.IsPartitionEOF && left.TryGetValue(partition, out var end) && record.Offset.Value < end)
                {
                    onRecord(record);
                }

                // Transaction markers take offsets but are never returned: the end of a partition can show as EOF.
                var next = record.IsPartitionEOF ? record.Offset.Value : record.Offset.Value + 1;
                if (left.TryGetValue(partition, out var to) && next >= to)
                {
                    left.Remove(partition);
                }
            }
        }
        finally
        {
            consumer.Unassign();
        }
    }

    private T Ask<T>(Func<T> call, string what)
    {
        try
        {
            return call();
        }
        catch (KafkaException ex)
        {
            throw new KafkaUnavailableException(
                $"Kafka at {bootstrapServers} did not answer for {what} within {timeout.TotalSeconds:0.#} s ({ex.Error.Code}: {ex.Error.Reason})", ex);
        }
    }
}
