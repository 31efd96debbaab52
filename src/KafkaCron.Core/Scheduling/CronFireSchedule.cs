using Cronos;

namespace KafkaCron.Core.Scheduling;

/// <summary>A cron expression or descriptor read in a time zone; daylight-saving handling is Cronos's.</summary>
internal sealed class CronFireSchedule(CronExpression cron, TimeZoneInfo zone, string expression) : IFireSchedule
{
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        StrictlyLater.Next(after, from => cron.GetNextOccurrence(from, zone));

    public override string ToString() => $"{expression} ({zone.Id})";
}
