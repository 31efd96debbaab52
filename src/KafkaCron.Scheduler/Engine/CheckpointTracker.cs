using KafkaCron.Core.Leadership;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Scheduler.Engine;

/// <summary>
/// Decides when a term takes a checkpoint and where its successor must start reading the topics back. Owned by the
/// engine's loop; not thread-safe. Its work per fire is a comparison (and an offset kept per acknowledgement); a
/// capture costs O(marks + jobs behind the watermark), never O(jobs).
/// </summary>
/// <remarks>
/// A checkpoint accounts for every fire up to its watermark (<see cref="SchedulePlan.Checkpoint"/>); the read-back
/// offsets must not be after any fire it does not account for that may have been stored: one scheduled after the
/// watermark, or one of a job it lists as pending. Within one producer, a partition's offsets follow the order of the
/// produce calls, so a fire lies at or after the ends (acknowledged offset + 1 per partition) known when it was first
/// handed over.
/// <para>
/// Marks record those ends cheaply. Whenever a fire scheduled later than every fire handed over before it is handed
/// over, the tracker records its instant with the ends known then (or, when no acknowledgement moved them since the
/// last mark, widens that mark to the instant). So when a fire with instant s is handed over, some mark with an
/// instant at or after s was recorded at or before that moment, with ends at or before the fire's offsets: every fire
/// scheduled after the watermark lies at or after the ends of the first mark past the watermark. The first mark stands
/// for the earlier terms: every fire of theirs not accounted for by the inherited watermark lies at or after the
/// inherited read-back offsets, and none is later than the latest instant the read-back found. A job listed as pending
/// reads back from the ends known when its pending fire was first handed over.
/// </para>
/// </remarks>
internal sealed class CheckpointTracker
{
    private const int HeartbeatIntervals = 10;

    /// <summary>Marks kept at most; past it neighbours merge (the earlier ends, the later instant), which only reads back more.</summary>
    private const int MaxMarks = 1024;

    private readonly TimeSpan _interval;
    private readonly Dictionary<(string Topic, int Partition), long> _ends = [];
    private readonly IReadOnlyDictionary<(string Topic, int Partition), long> _inherited;
    private readonly List<Mark> _marks = [];
    private readonly Dictionary<string, IReadOnlyDictionary<(string Topic, int Partition), long>> _behind = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<(string Topic, int Partition), long>? _endsSnapshot;
    private DateTimeOffset _highWater;
    private DateTimeOffset _lastCapture;
    private long _changes = 1;
    private long _capturedChanges;

    /// <param name="topicEnds">The end of every jobs-topic partition when the term began.</param>
    /// <param name="resume">What the term inherits: the read-back offsets of the checkpoint it resumed from, and the latest instant published before it.</param>
    public CheckpointTracker(IReadOnlyList<TopicPartitionPosition> topicEnds, ResumePoint? resume, TimeSpan interval, DateTimeOffset start)
    {
        _interval = interval;
        _lastCapture = start - interval;
        foreach (var end in topicEnds)
        {
            _ends[(end.Topic, end.Partition)] = end.Offset;
        }

        // A partition the inherited checkpoint does not name had nothing of an earlier term to read back.
        var inherited = new Dictionary<(string Topic, int Partition), long>(_ends);
        foreach (var from in resume?.ReadBackFrom ?? [])
        {
            inherited[(from.Topic, from.Partition)] = from.Offset;
        }

        _inherited = inherited;
        _highWater = resume?.LatestPublished ?? start;
        _marks.Add(new Mark(_highWater, _inherited));
    }

    /// <summary>When the next checkpoint may be due; the loop wakes up for it (or earlier, when the schedule moves).</summary>
    public DateTimeOffset NextCaptureAt => _lastCapture + (_changes != _capturedChanges ? _interval : _interval * HeartbeatIntervals);

    /// <summary>The fire is handed to the publisher for the first time (retries of its attempt keep this hand-over).</summary>
    public void HandedOver(DueFire fire)
    {
        _changes++;
        if (fire.BehindWatermark)
        {
            // An earlier hand-over of the same pending fire may have landed; keep the earliest ends.
            _behind.TryAdd(fire.Job.Name, EndsNow());
            return;
        }

        if (fire.ScheduledAt <= _highWater)
        {
            return;
        }

        _highWater = fire.ScheduledAt;
        var ends = EndsNow();
        if (_marks.Count > 0 && ReferenceEquals(_marks[^1].Ends, ends))
        {
            _marks[^1] = _marks[^1] with { UpTo = _highWater };
            return;
        }

        _marks.Add(new Mark(_highWater, ends));
        if (_marks.Count > MaxMarks)
        {
            Thin();
        }
    }

    /// <summary>The broker acknowledged a fire at <paramref name="receipt"/>.</summary>
    public void Published(FireReceipt receipt)
    {
        _changes++;
        var key = (receipt.Topic, receipt.Partition);
        if (!_ends.TryGetValue(key, out var end) || receipt.Offset + 1 > end)
        {
            _ends[key] = receipt.Offset + 1;
            _endsSnapshot = null;
        }
    }

    /// <summary>
    /// Publishing the fire failed and it stays pending: the job joins those a checkpoint lists by name, reading back
    /// from where its first attempt may have landed.
    /// </summary>
    public void Deferred(DueFire fire)
    {
        _changes++;
        if (!fire.BehindWatermark)
        {
            _behind.TryAdd(fire.Job.Name, Covering(fire.ScheduledAt));
        }
    }

    /// <summary>Something else moved the schedule (a broken publisher, a reload).</summary>
    public void Changed() => _changes++;

    /// <summary>A checkpoint is due when the schedule moved and an interval passed, or ten intervals passed anyway.</summary>
    public bool IsDue(DateTimeOffset now) => now >= NextCaptureAt;

    public ScheduleCheckpoint Capture(SchedulePlan plan, DateTimeOffset now)
    {
        var checkpoint = plan.Checkpoint(now);
        var watermark = checkpoint.ScheduledUpTo;

        // Marks up to the watermark cover nothing a successor must read back any more.
        var past = _marks.FindIndex(mark => mark.UpTo > watermark);
        _marks.RemoveRange(0, past < 0 ? _marks.Count : past);

        var readBackFrom = new Dictionary<(string Topic, int Partition), long>(_ends);
        if (_marks.Count > 0)
        {
            Lower(readBackFrom, _marks[0].Ends);
        }

        foreach (var job in _behind.Keys.Where(job => !checkpoint.Pending.ContainsKey(job)).ToList())
        {
            _behind.Remove(job);
        }

        // A pending job this term never handed over (a catch-up after a pause, or one pending since an earlier term):
        // whatever of it was stored lies at or after the inherited offsets.
        var lowered = new HashSet<IReadOnlyDictionary<(string Topic, int Partition), long>>(ReferenceEqualityComparer.Instance);
        foreach (var job in checkpoint.Pending.Keys)
        {
            var ends = _behind.GetValueOrDefault(job, _inherited);
            if (lowered.Add(ends))
            {
                Lower(readBackFrom, ends);
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

    /// <summary>The ends known now, one shared copy until an acknowledgement moves them.</summary>
    private IReadOnlyDictionary<(string Topic, int Partition), long> EndsNow() =>
        _endsSnapshot ??= new Dictionary<(string Topic, int Partition), long>(_ends);

    /// <summary>The ends of the first mark at or after <paramref name="instant"/>: at or before a fire handed over with it.</summary>
    private IReadOnlyDictionary<(string Topic, int Partition), long> Covering(DateTimeOffset instant)
    {
        var index = _marks.FindIndex(mark => mark.UpTo >= instant);
        return index < 0 ? EndsNow() : _marks[index].Ends;
    }

    /// <summary>Merges neighbouring marks, keeping the earlier ends and the later instant of each pair.</summary>
    private void Thin()
    {
        var kept = 0;
        for (var i = 0; i < _marks.Count; i += 2)
        {
            _marks[kept++] = i + 1 < _marks.Count ? _marks[i] with { UpTo = _marks[i + 1].UpTo } : _marks[i];
        }

        _marks.RemoveRange(kept, _marks.Count - kept);
    }

    /// <summary>Lowers each offset to <paramref name="ends"/>; a partition it did not know yet is read from its start.</summary>
    private static void Lower(Dictionary<(string Topic, int Partition), long> readBackFrom, IReadOnlyDictionary<(string Topic, int Partition), long> ends)
    {
        foreach (var key in readBackFrom.Keys.ToList())
        {
            var then = ends.GetValueOrDefault(key, 0);
            if (then < readBackFrom[key])
            {
                readBackFrom[key] = then;
            }
        }
    }

    /// <summary>Every fire handed over with an instant up to <paramref name="UpTo"/> (and after the previous mark's) lies at or after <paramref name="Ends"/>.</summary>
    private sealed record Mark(DateTimeOffset UpTo, IReadOnlyDictionary<(string Topic, int Partition), long> Ends);
}
