namespace KafkaCron.Core.Offsets;

/// <summary>
/// Decides which offset of one partition may be committed: one past the last offset of the longest prefix of
/// fetched messages that have all finished. Messages finish in any order (jobs run in parallel), and fetched
/// offsets need not be contiguous (compaction and transaction markers leave gaps), so the committable offset is
/// derived from the fetched offsets themselves, never from arithmetic on them.
/// </summary>
/// <remarks>
/// Memory is proportional to the unfinished messages only: a finished message is forgotten at once, because the
/// commit point is fully described by the smallest unfinished offset and the fetched offset just before it.
/// Not thread-safe: the worker's consumer thread owns every tracker.
/// </remarks>
public sealed class PartitionOffsetTracker
{
    private readonly SortedSet<long> _unfinished = [];

    // Unfinished offset -> the offset fetched just before it (null when it was the first fetched).
    private readonly Dictionary<long, long?> _previous = [];
    private long? _lastFetched;
    private long? _committed;

    /// <summary>Messages fetched and not yet finished.</summary>
    public int Unfinished => _unfinished.Count;

    /// <summary>The offset most recently passed to <see cref="MarkCommitted"/>, if any.</summary>
    public long? Committed => _committed;

    /// <summary>Records a fetched message. Offsets must arrive in increasing order, as a partition delivers them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The offset is negative or not above the last fetched one.</exception>
    public void Fetched(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (_lastFetched is { } last && offset <= last)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset,
                FormattableString.Invariant($"offset {offset} fetched after {last}: a partition delivers increasing offsets"));
        }

        _unfinished.Add(offset);
        _previous.Add(offset, _lastFetched);
        _lastFetched = offset;
    }

    /// <summary>Records that the message at <paramref name="offset"/> has finished.</summary>
    /// <exception cref="InvalidOperationException">The offset was not fetched, or already finished.</exception>
    public void Completed(long offset)
    {
        if (!_unfinished.Remove(offset))
        {
            throw new InvalidOperationException(FormattableString.Invariant(
                $"offset {offset} completed but it is not an unfinished fetched offset"));
        }

        _previous.Remove(offset);
    }

    /// <summary>
    /// The offset to commit now: one past the last offset of the longest finished prefix, or null when that is not
    /// beyond what was already committed (or nothing has finished yet).
    /// </summary>
    public long? PendingCommit
    {
        get
        {
            long? lastFinishedOfPrefix = _unfinished.Count == 0
                ? _lastFetched
                : _previous[_unfinished.Min];
            if (lastFinishedOfPrefix is not { } last)
            {
                return null;
            }

            var next = last + 1;
            return _committed is { } committed && next <= committed ? null : next;
        }
    }

    /// <summary>Records that <paramref name="offset"/> (a value <see cref="PendingCommit"/> returned) is committed.</summary>
    public void MarkCommitted(long offset)
    {
        if (_committed is { } committed && offset < committed)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset,
                FormattableString.Invariant($"offset {offset} is behind the committed offset {committed}"));
        }

        _committed = offset;
    }
}
