namespace KafkaCron.Core.Scheduling;

/// <summary>
/// <c>@every &lt;interval&gt;</c>: every whole multiple of the interval counted from the Unix epoch (UTC). Anchoring
/// on a fixed instant rather than on a start time means every scheduler replica, and a new leader after a
/// failover, computes the same instants. The zone only sets the offset the instants are shown with.
/// </summary>
internal sealed class IntervalFireSchedule : IFireSchedule
{
    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    private readonly long intervalTicks;
    private readonly long lastMultiple;
    private readonly TimeZoneInfo zone;
    private readonly string expression;

    public IntervalFireSchedule(TimeSpan interval, TimeZoneInfo zone, string expression)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        intervalTicks = interval.Ticks;
        lastMultiple = (StrictlyLater.Latest.UtcTicks - EpochTicks) / intervalTicks;
        this.zone = zone;
        this.expression = expression;
    }

    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        var from = after < StrictlyLater.Earliest ? StrictlyLater.Earliest : after;
        var multiple = Math.DivRem(from.UtcTicks - EpochTicks, intervalTicks, out var remainder);
        if (remainder < 0)
        {
            multiple--; // floor, not truncation, for instants before the epoch
        }

        var next = multiple + 1;
        if (next > lastMultiple)
        {
            return null;
        }

        return TimeZoneInfo.ConvertTime(new DateTimeOffset(EpochTicks + (next * intervalTicks), TimeSpan.Zero), zone);
    }

    public override string ToString() => $"{expression} ({zone.Id})";
}
