using KafkaCron.Core.Leadership;

namespace KafkaCron.Core.Scheduling;

/// <summary>
/// Where each job of a new leadership term starts. A job's position is the instant up to which every one of its
/// fires is accounted for (published, or deliberately skipped by its misfire policy); the instants after it and up
/// to the start of the term are the job's misfires, handled by its misfire policy.
/// </summary>
public sealed class ResumePoint
{
    private readonly DateTimeOffset _default;
    private readonly Dictionary<string, DateTimeOffset> _positions;
    private readonly Dictionary<string, DateTimeOffset> _lastFired;

    private ResumePoint(
        DateTimeOffset fallback, Dictionary<string, DateTimeOffset> positions, Dictionary<string, DateTimeOffset> lastFired,
        IReadOnlyList<TopicPartitionPosition> readBackFrom, bool isFirstStart)
    {
        IsFirstStart = isFirstStart;
        _default = fallback;
        _positions = positions;
        _lastFired = lastFired;
        ReadBackFrom = readBackFrom;
        LatestPublished = lastFired.Values.Aggregate(fallback, (latest, instant) => instant > latest ? instant : latest);
    }

    /// <summary>
    /// The watermark the term inherits: every fire of every job at or before it is accounted for, except for the jobs
    /// that start behind it (pending in the checkpoint). A new plan's watermark starts here.
    /// </summary>
    public DateTimeOffset Watermark => _default;

    /// <summary>
    /// Where the inherited checkpoint said to read back from: every fire of an earlier term that it does not account
    /// for lies at or after these offsets. Empty on a first start.
    /// </summary>
    public IReadOnlyList<TopicPartitionPosition> ReadBackFrom { get; }

    /// <summary>
    /// No earlier term left a checkpoint: nothing was owed when this point was taken, and instants that come due
    /// between it and the plan's start came due while the term was starting, not while no scheduler ran.
    /// </summary>
    public bool IsFirstStart { get; }

    /// <summary>The latest instant an earlier term is known to have published for any job: the watermark or later.</summary>
    public DateTimeOffset LatestPublished { get; }

    /// <summary>Nothing is owed: every job starts strictly after <paramref name="now"/>, as on a first start.</summary>
    public static ResumePoint Fresh(DateTimeOffset now) =>
        new(now, new(StringComparer.Ordinal), new(StringComparer.Ordinal), [], isFirstStart: true);

    /// <summary>
    /// Resumes from a checkpoint. <paramref name="publishedSince"/> holds, per job, the latest scheduled instant
    /// found on the topics after the checkpoint's read-back offsets: fires the previous term published after it
    /// wrote its last checkpoint. A job's fires are published in order, so everything up to that instant is
    /// accounted for. A job the checkpoint does not name starts at its <see cref="ScheduleCheckpoint.ScheduledUpTo"/>.
    /// </summary>
    public static ResumePoint From(ScheduleCheckpoint checkpoint, IReadOnlyDictionary<string, DateTimeOffset> publishedSince)
    {
        var positions = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (job, pending) in checkpoint.Pending)
        {
            positions[job] = pending.AddTicks(-1);
        }

        var lastFired = new Dictionary<string, DateTimeOffset>(checkpoint.LastFired, StringComparer.Ordinal);
        foreach (var (job, published) in publishedSince)
        {
            if (!lastFired.TryGetValue(job, out var last) || published > last)
            {
                lastFired[job] = published;
            }
        }

        foreach (var (job, last) in lastFired)
        {
            var position = positions.TryGetValue(job, out var known) ? known : checkpoint.ScheduledUpTo;
            positions[job] = last > position ? last : position;
        }

        return new ResumePoint(checkpoint.ScheduledUpTo, positions, lastFired, checkpoint.ReadBackFrom, isFirstStart: false);
    }

    /// <summary>Every fire of <paramref name="job"/> at or before this instant is accounted for.</summary>
    public DateTimeOffset PositionOf(string job) => _positions.TryGetValue(job, out var position) ? position : _default;

    /// <summary>The scheduled instant of the job's last known publication, if any.</summary>
    public DateTimeOffset? LastFiredOf(string job) => _lastFired.TryGetValue(job, out var last) ? last : null;
}
