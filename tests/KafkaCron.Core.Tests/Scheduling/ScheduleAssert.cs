using System.Globalization;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Core.Tests.Scheduling;

/// <summary>Schedules under test and their fire instants, written the way <c>kcron next</c> prints them.</summary>
internal static class ScheduleAssert
{
    public static IFireSchedule Parse(string expression, string zone = "UTC", bool withSeconds = false)
    {
        Assert.True(TimeZones.TryFind(zone, out var timeZone, out var zoneError), zoneError);
        Assert.True(FireSchedules.TryParse(expression, timeZone, withSeconds, out var schedule, out var error), error);
        return schedule;
    }

    /// <summary>The next <paramref name="count"/> instants strictly after <paramref name="from"/>, as ISO 8601 text.</summary>
    public static string[] Next(IFireSchedule schedule, string from, int count)
    {
        var instants = new List<string>();
        var after = DateTimeOffset.Parse(from, CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            var next = schedule.NextAfter(after);
            Assert.NotNull(next);
            Assert.True(next > after, $"{next:o} is not after {after:o}");
            instants.Add(Format(next.Value));
            after = next.Value;
        }

        return [.. instants];
    }

    public static string Format(DateTimeOffset instant) =>
        instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
