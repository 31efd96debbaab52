using KafkaCron.Core.Jobs;

namespace KafkaCron.Core.Scheduling;

/// <summary>
/// A fire the plan handed out to be published. Hand it back with <see cref="SchedulePlan.Complete"/> once Kafka
/// acknowledged it, or with <see cref="SchedulePlan.Defer"/> when publishing failed.
/// </summary>
public sealed class DueFire
{
    internal DueFire(JobSlot slot, DateTimeOffset scheduledAt, Guid fireId, int skippedMisfires)
    {
        Slot = slot;
        Job = slot.Definition;
        ScheduledAt = scheduledAt;
        FireId = fireId;
        Deferrals = slot.Deferrals;
        SkippedMisfires = skippedMisfires;
    }

    public JobDefinition Job { get; }

    /// <summary>The instant the schedule intended; never later than the time the plan handed the fire out.</summary>
    public DateTimeOffset ScheduledAt { get; }

    /// <summary>A UUIDv7 minted when this instant first came due; the same for every retry of its publication.</summary>
    public Guid FireId { get; }

    /// <summary>
    /// How many publications of the job's pending fire failed in a row. A misfire fold onto a later instant keeps
    /// the count, so the backoff keeps growing through an outage.
    /// </summary>
    public int Deferrals { get; }

    /// <summary>Missed instants the job's misfire policy folded into this fire (FireOnce) or dropped before it (FireAll).</summary>
    public int SkippedMisfires { get; }

    internal JobSlot Slot { get; }
}
