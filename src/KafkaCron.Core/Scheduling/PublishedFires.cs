using KafkaCron.Core.Leadership;
using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Scheduling;

/// <summary>
/// What a read-back of the jobs topics found: per job, the latest scheduled instant published, and where each
/// partition ended. Fill it with <see cref="Add"/> and <see cref="EndAt"/>.
/// </summary>
public sealed class PublishedFires
{
    private readonly Dictionary<string, DateTimeOffset> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Topic, int Partition), long> _ends = [];

    /// <summary>Per job, the latest scheduled instant of a fire read back.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LatestPerJob => _latest;

    /// <summary>Where each partition read ended: the next offset to be written there.</summary>
    public IReadOnlyList<TopicPartitionPosition> Ends =>
        [.. _ends.OrderBy(e => e.Key.Topic, StringComparer.Ordinal).ThenBy(e => e.Key.Partition)
            .Select(e => new TopicPartitionPosition(e.Key.Topic, e.Key.Partition, e.Value))];

    /// <summary>Fires read back.</summary>
    public int Count { get; private set; }

    /// <summary>Records that could not be decoded as fires (workers dead-letter them; they say nothing about the schedule).</summary>
    public int Undecodable { get; private set; }

    /// <summary>The highest epoch among the fires read back; null when none carried one.</summary>
    public long? HighestEpoch { get; private set; }

    /// <summary>
    /// Takes a fire read back. A manual fire says nothing about the schedule (its instant is when an operator asked),
    /// so it moves no job's position: a scheduled instant before it that the previous term never published is still owed.
    /// </summary>
    public void Add(FireMessage fire)
    {
        Count++;
        if (fire.IsManual)
        {
            return;
        }

        if (!_latest.TryGetValue(fire.Job, out var latest) || fire.ScheduledAt > latest)
        {
            _latest[fire.Job] = fire.ScheduledAt;
        }

        if (fire.Epoch is { } epoch && (HighestEpoch is null || epoch > HighestEpoch))
        {
            HighestEpoch = epoch;
        }
    }

    public void AddUndecodable() => Undecodable++;

    public void EndAt(string topic, int partition, long offset) => _ends[(topic, partition)] = offset;
}
