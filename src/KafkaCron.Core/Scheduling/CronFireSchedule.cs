using Cronos;

namespace KafkaCron.Core.Scheduling;

/// <summary>A cron expression or descriptor read in a time zone; daylight-saving handling is Cronos's.</summary>
internal sealed class CronFireSchedule(CronExpression cron, TimeZoneInfo zone, string expression) : IFireSchedule
{
    private readonly CronExpression cron = cron;
    private readonly TimeZoneInfo zone = zone;

    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        StrictlyLater.Next(after, this, static (self, from) => self.cron.GetNextOccurrence(from, self.zone));

    public override string ToString() => $"{expression} ({zone.Id})";
}
