namespace KafkaCron.Core.Scheduling;

/// <summary>A job's schedule, already bound to its time zone.</summary>
public interface IFireSchedule
{
    /// <summary>
    /// The first fire instant strictly after <paramref name="after"/>, or null when the schedule never fires again.
    /// Implementations guarantee the result is later than <paramref name="after"/> even where the platform's
    /// time-zone data is inconsistent.
    /// </summary>
    DateTimeOffset? NextAfter(DateTimeOffset after);
}
