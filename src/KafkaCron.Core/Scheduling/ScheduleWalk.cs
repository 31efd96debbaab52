namespace KafkaCron.Core.Scheduling;

/// <summary>
/// Steps through a schedule defensively. A schedule is user-facing code over time-zone data; if one ever answers
/// with an instant that is not after its argument, walking it naively would loop forever or fire twice, so every
/// step here checks the answer and treats a bad one as the end of the schedule.
/// </summary>
internal static class ScheduleWalk
{
    /// <summary>Bounds every walk, so a dense schedule over a long gap cannot stall the scheduler loop.</summary>
    internal const int MaxSteps = 10_000;

    /// <summary>The first instant strictly after <paramref name="after"/>; null when the schedule ends or misbehaves.</summary>
    public static DateTimeOffset? Next(IFireSchedule schedule, DateTimeOffset after, out DateTimeOffset? misbehaved)
    {
        misbehaved = null;
        var next = schedule.NextAfter(after);
        if (next is { } instant && instant <= after)
        {
            misbehaved = instant;
            return null;
        }

        return next;
    }

    /// <summary>How many instants lie in (<paramref name="after"/>, <paramref name="upTo"/>], counting at most <see cref="MaxSteps"/>.</summary>
    public static int Count(IFireSchedule schedule, DateTimeOffset after, DateTimeOffset upTo)
    {
        var count = 0;
        var cursor = after;
        while (count < MaxSteps && Next(schedule, cursor, out _) is { } next && next <= upTo)
        {
            count++;
            cursor = next;
        }

        return count;
    }

    /// <summary>
    /// The latest instant in (<paramref name="after"/>, <paramref name="upTo"/>], or null when there is none.
    /// Schedules only walk forward, so this probes back from <paramref name="upTo"/> over windows that double in
    /// length, then walks forward from the first instant found: a few probes instead of a walk over the whole gap.
    /// </summary>
    public static DateTimeOffset? Latest(IFireSchedule schedule, DateTimeOffset after, DateTimeOffset upTo)
    {
        if (upTo <= after)
        {
            return null;
        }

        var window = TimeSpan.FromSeconds(1);
        while (true)
        {
            var from = upTo - after <= window ? after : upTo - window;
            if (Next(schedule, from, out _) is { } found && found <= upTo)
            {
                var latest = found;
                for (var step = 0; step < MaxSteps && Next(schedule, latest, out _) is { } next && next <= upTo; step++)
                {
                    latest = next;
                }

                return latest;
            }

            if (from == after)
            {
                return null;
            }

            window += window;
        }
    }
}
