using KafkaCron.Core.Leadership;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Scheduler.Engine;

/// <summary>
/// Decides when a term takes a checkpoint and where its successor must start reading the topics back. Owned by the
/// engine's loop; not thread-safe.
/// </summary>
/// <remarks>
/// The read-back offset of a partition must not be after any fire the checkpoint does not account for as published.
/// Within one producer, a partition's offsets follow the order of the produce calls. So a fire lies at or after the
/// end (highest acknowledged offset + 1) known when it was first handed to the publisher, and every fire handed
/// over after the checkpoint lies at or after the end known at the checkpoint. The offset written is therefore the
/// least of the current end and the ends recorded at the first hand-over of each fire still unresolved.
/// </remarks>
internal sealed class CheckpointTracker
{
    private const int HeartbeatIntervals = 10;

    private readonly TimeSpan _interval;
    private readonly Dictionary<(string Topic, int Partition), long> _ends = [];
    private readonly Dictionary<Guid, Unresolved> _unresolved = [];
    private IReadOnlyDictionary<(string Topic, int Partition), long>? _endsSnapshot;
    private DateTimeOffset _lastCapture;
    private long _changes = 1;
    private long _capturedChanges;

    public CheckpointTracker(IReadOnlyList<TopicPartitionPosition> topicEnds, TimeSpan interval, DateTimeOffset start)
    {
        _interval = interval;
        _lastCapture = start - interval;
        foreach (var end in topicEnds)
        {
            _ends[(end.Topic, end.Partition)] = end.Offset;
        }
    }

    /// <summary>When the next checkpoint may be due; the loop wakes up for it (or earlier, when the schedule moves).</summary>
    public DateTimeOffset NextCaptureAt => _lastCapture + (_changes != _capturedChanges ? _interval : _interval * HeartbeatIntervals);

    /// <summary>
    /// The fire <paramref name="fireId"/> of <paramref name="job"/> is handed to the publisher; a fire handed over
    /// again (a retry after a failure) keeps the ends known at its first hand-over, as that attempt may have landed.
    /// </summary>
    public void HandedOver(string job, Guid fireId)
    {
        _changes++;
        if (!_unresolved.ContainsKey(fireId))
        {
            _endsSnapshot ??= new Dictionary<(string, int), long>(_ends);
            _unresolved.Add(fireId, new Unresolved(job, _endsSnapshot));
        }
    }

    /// <summary>The broker acknowledged the fire <paramref name="fireId"/> at <paramref name="receipt"/>.</summary>
    public void Published(Guid fireId, FireReceipt receipt)
    {
        _changes++;
        _unresolved.Remove(fireId);
        var key = (receipt.Topic, receipt.Partition);
        if (!_ends.TryGetValue(key, out var end) || receipt.Offset + 1 > end)
        {
            _ends[key] = receipt.Offset + 1;
            _endsSnapshot = null;
        }
    }

    /// <summary>Something else moved the schedule (a failed publication, a reload).</summary>
    public void Changed() => _changes++;

    /// <summary>A checkpoint is due when the schedule moved and an interval passed, or ten intervals passed anyway.</summary>
    public bool IsDue(DateTimeOffset now) => now >= NextCaptureAt;

    public ScheduleCheckpoint Capture(SchedulePlan plan, DateTimeOffset now)
    {
        var checkpoint = plan.Checkpoint(now);

        // A fire whose job has nothing pending was resolved otherwise (dropped by its misfire policy, superseded by a
        // reload); the checkpoint accounts for it by position.
        foreach (var (fireId, _) in _unresolved.Where(pair => !checkpoint.Pending.ContainsKey(pair.Value.Job)).ToList())
        {
            _unresolved.Remove(fireId);
        }

        var readBackFrom = new Dictionary<(string Topic, int Partition), long>(_ends);
        foreach (var snapshot in _unresolved.Values.Select(u => u.EndsWhenHandedOver).Distinct())
        {
            foreach (var key in readBackFrom.Keys.ToList())
            {
                // A partition the snapshot did not know yet had nothing acknowledged then: read it from its start.
                var then = snapshot.TryGetValue(key, out var offset) ? offset : 0;
                if (then < readBackFrom[key])
                {
                    readBackFrom[key] = then;
                }
            }
        }

        _lastCapture = now;
        _capturedChanges = _changes;
        return checkpoint with
        {
            ReadBackFrom = [.. readBackFrom.OrderBy(p => p.Key.Topic, StringComparer.Ordinal).ThenBy(p => p.Key.Partition)
                .Select(p => new TopicPartitionPosition(p.Key.Topic, p.Key.Partition, p.Value))],
        };
    }

    private sealed record Unresolved(string Job, IReadOnlyDictionary<(string Topic, int Partition), long> EndsWhenHandedOver);
}
