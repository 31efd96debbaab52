using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Core.Tests.Scheduling;

public sealed class FireSchedulesTests
{
    // A Thursday, mid-morning, so that every descriptor's next boundary is a different day or hour.
    private const string From = "2026-01-01T10:20:30Z";

    [Theory]
    [InlineData("@yearly", "2027-01-01T00:00:00+00:00")]
    [InlineData("@annually", "2027-01-01T00:00:00+00:00")]
    [InlineData("@monthly", "2026-02-01T00:00:00+00:00")]
    [InlineData("@weekly", "2026-01-04T00:00:00+00:00")]
    [InlineData("@daily", "2026-01-02T00:00:00+00:00")]
    [InlineData("@midnight", "2026-01-02T00:00:00+00:00")]
    [InlineData("@hourly", "2026-01-01T11:00:00+00:00")]
    [InlineData("@HOURLY", "2026-01-01T11:00:00+00:00")]
    public void TryParse_Descriptor_FiresAtItsBoundary(string descriptor, string expected)
    {
        Assert.Equal([expected], ScheduleAssert.Next(ScheduleAssert.Parse(descriptor), From, 1));
        Assert.Equal([expected], ScheduleAssert.Next(ScheduleAssert.Parse(descriptor, withSeconds: true), From, 1));
    }

    [Fact]
    public void TryParse_DescriptorInAZone_FiresAtLocalMidnight()
    {
        var schedule = ScheduleAssert.Parse("@daily", "Europe/Berlin");

        Assert.Equal(["2026-01-02T00:00:00+01:00", "2026-01-03T00:00:00+01:00"], ScheduleAssert.Next(schedule, From, 2));
    }

    [Fact]
    public void TryParse_FiveFields_FiresOnTheMinute()
    {
        var schedule = ScheduleAssert.Parse("*/20 * * * *");

        Assert.Equal(
            ["2026-01-01T10:40:00+00:00", "2026-01-01T11:00:00+00:00", "2026-01-01T11:20:00+00:00"],
            ScheduleAssert.Next(schedule, From, 3));
    }

    [Fact]
    public void TryParse_SixFieldsWithSeconds_FiresOnTheSecond()
    {
        var schedule = ScheduleAssert.Parse("*/15 * * * * *", withSeconds: true);

        Assert.Equal(
            ["2026-01-01T10:20:45+00:00", "2026-01-01T10:21:00+00:00", "2026-01-01T10:21:15+00:00"],
            ScheduleAssert.Next(schedule, From, 3));
    }

    [Fact]
    public void TryParse_SixFieldsWithoutSeconds_SaysTheSecondsFormMustBeAskedFor()
    {
        Assert.False(FireSchedules.TryParse("0 0 3 * * *", TimeZoneInfo.Utc, withSeconds: false, out _, out var error));

        Assert.Contains("has 6 fields", error, StringComparison.Ordinal);
        Assert.Contains("asked for", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_FiveFieldsWithSeconds_SaysSixAreExpected()
    {
        Assert.False(FireSchedules.TryParse("0 3 * * *", TimeZoneInfo.Utc, withSeconds: true, out _, out var error));

        Assert.Contains("expected 6: second minute hour", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 3 * *", "has 4 field(s)")]
    [InlineData("0 3 * * * * *", "has 7 field(s)")]
    [InlineData("60 3 * * *", "Minutes: Value must be a number between 0 and 59")]
    [InlineData("0 25 * * *", "Hours")]
    [InlineData("*/0 * * * *", "Minutes")]
    [InlineData("0 0 * * FUNDAY", "invalid cron expression")]
    [InlineData("0 0 30 2 *", "never fires")]
    [InlineData("0 0 31 4,6,9,11 *", "never fires")]
    [InlineData("H H * * *", "'H' (hashed jitter)")]
    [InlineData("@reboot", "unknown descriptor '@reboot'")]
    [InlineData("@every_minute", "unknown descriptor")]
    [InlineData("@daily 3", "takes nothing after it")]
    [InlineData("@every", "needs an interval")]
    [InlineData("@every 10x", "not a duration")]
    [InlineData("@every 500ms", "at least 1s")]
    [InlineData("@every 1500ms", "whole number of seconds")]
    [InlineData("@every 0", "at least 1s")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    public void TryParse_InvalidExpression_SaysWhy(string expression, string expected)
    {
        Assert.False(FireSchedules.TryParse(expression, TimeZoneInfo.Utc, withSeconds: false, out var schedule, out var error));

        Assert.Null(schedule);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 0 * * THU")]
    [InlineData("0 0 * * MON-FRI")]
    [InlineData("0 0 L * *")]
    [InlineData("0 0 LW * *")]
    [InlineData("0 0 * * 5#3")]
    [InlineData("0 0 ? * *")]
    [InlineData("0 0 29 2 *")]
    [InlineData("  0 3 * * *  ")]
    [InlineData("@every 90s")]
    [InlineData("@every 1h30m")]
    [InlineData("@every PT5M")]
    [InlineData("@EVERY 2s")]
    public void TryParse_ValidExpression_Succeeds(string expression) =>
        Assert.True(FireSchedules.TryParse(expression, TimeZoneInfo.Utc, withSeconds: false, out _, out var error), error);

    [Theory]
    [InlineData("0 3 * * *", "2026-01-02T03:00:00+00:00")]
    [InlineData("30 0 3 * * *", "2026-01-02T03:00:30+00:00")]
    [InlineData("@every 90s", "2026-01-01T10:21:00+00:00")]
    [InlineData("@hourly", "2026-01-01T11:00:00+00:00")]
    public void For_Job_DetectsTheFormByFieldCount(string expression, string expected)
    {
        var job = Job(expression, "UTC");

        Assert.Equal([expected], ScheduleAssert.Next(FireSchedules.For(job), From, 1));
    }

    [Fact]
    public void For_JobInAZone_ReadsTheScheduleInIt()
    {
        var schedule = FireSchedules.For(Job("0 3 * * *", "America/New_York"));

        Assert.Equal(["2026-01-02T03:00:00-05:00"], ScheduleAssert.Next(schedule, From, 1));
    }

    [Fact]
    public void For_InvalidSchedule_ThrowsFormatExceptionNamingJobAndProblem()
    {
        var e = Assert.Throws<FormatException>(() => FireSchedules.For(Job("0 3 * *", "UTC")));

        Assert.Contains("job 'test'", e.Message, StringComparison.Ordinal);
        Assert.Contains("has 4 field(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_InvalidTimeZone_ThrowsFormatExceptionNamingTheZone()
    {
        var e = Assert.Throws<FormatException>(() => FireSchedules.For(Job("0 3 * * *", "Mars/Olympus")));

        Assert.Contains("Mars/Olympus", e.Message, StringComparison.Ordinal);
    }

    private static JobDefinition Job(string schedule, string zone) =>
        new() { Name = "test", Schedule = schedule, TimeZone = zone, Cluster = "cluster-a", Command = "true" };
}
