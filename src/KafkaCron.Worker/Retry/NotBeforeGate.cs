using Confluent.Kafka;

namespace KafkaCron.Worker.Retry;

/// <summary>
/// Which partitions of the retry topic are held back because the record at their head is not due yet, and until
/// when. The consumer thread pauses such a partition, seeks back to the record and asks <see cref="Release"/> on
/// every turn of its loop (it wakes every poll interval anyway, so holding adds no polling); a released partition is
/// resumed and the record read again, and it runs only if it is due by then. Not thread-safe: consumer thread only.
/// </summary>
internal sealed class NotBeforeGate
{
    private readonly Dictionary<TopicPartition, DateTimeOffset> _held = [];

    public int HeldCount => _held.Count;

    public bool IsHeld(TopicPartition partition) => _held.ContainsKey(partition);

    /// <summary>The earliest instant a held partition becomes due; null when none is held.</summary>
    public DateTimeOffset? NextDue => _held.Count == 0 ? null : _held.Values.Min();

    /// <returns>True when the record must wait: <paramref name="notBefore"/> is later than <paramref name="now"/>.</returns>
    public bool TryHold(TopicPartition partition, DateTimeOffset? notBefore, DateTimeOffset now)
    {
        if (notBefore is not { } due || due <= now)
        {
            return false;
        }

        _held[partition] = due;
        return true;
    }

    /// <summary>Forgets and returns the held partitions that are due at <paramref name="now"/>.</summary>
    public IReadOnlyList<TopicPartition> Release(DateTimeOffset now)
    {
        if (_held.Count == 0)
        {
            return [];
        }

        var due = _held.Where(h => h.Value <= now).Select(h => h.Key).ToList();
        foreach (var partition in due)
        {
            _held.Remove(partition);
        }

        return due;
    }

    /// <summary>The partition left this worker.</summary>
    public void Forget(TopicPartition partition) => _held.Remove(partition);
}
