using KafkaCron.Core.Scheduling;

namespace KafkaCron.Core.Tests.Scheduling;

/// <summary>
/// Cron schedules through <see cref="FireSchedules"/>. The daylight-saving cases are the worked examples of
/// docs/schedules.md: keep the two in step.
/// </summary>
public sealed class CronFireScheduleTests
{
    [Fact]
    public void NextAfter_AnOccurrence_ReturnsTheFollowingOneNotItself()
    {
        var schedule = ScheduleAssert.Parse("0 3 * * *");

        Assert.Equal(["2026-01-02T03:00:00+00:00"], ScheduleAssert.Next(schedule, "2026-01-01T03:00:00Z", 1));
    }

    [Fact]
    public void NextAfter_JustBeforeAnOccurrence_ReturnsIt()
    {
        var schedule = ScheduleAssert.Parse("0 3 * * *");

        Assert.Equal(["2026-01-01T03:00:00+00:00"], ScheduleAssert.Next(schedule, "2026-01-01T02:59:59.9999999Z", 1));
    }

    [Fact]
    public void NextAfter_WithinTheSecondOfAnOccurrence_ReturnsTheNextSecond()
    {
        var schedule = ScheduleAssert.Parse("* * * * * *", withSeconds: true);

        Assert.Equal(["2026-01-01T03:00:01+00:00"], ScheduleAssert.Next(schedule, "2026-01-01T03:00:00.5Z", 1));
    }

    [Fact]
    public void NextAfter_LeapDay_FiresOnlyInLeapYears()
    {
        var schedule = ScheduleAssert.Parse("0 12 29 2 *");

        Assert.Equal(
            ["2028-02-29T12:00:00+00:00", "2032-02-29T12:00:00+00:00"],
            ScheduleAssert.Next(schedule, "2026-03-01T00:00:00Z", 2));
    }

    [Fact]
    public void NextAfter_LastDayOfMonth_FollowsMonthLengths()
    {
        var schedule = ScheduleAssert.Parse("0 0 L * *");

        Assert.Equal(
            ["2028-01-31T00:00:00+00:00", "2028-02-29T00:00:00+00:00", "2028-03-31T00:00:00+00:00", "2028-04-30T00:00:00+00:00"],
            ScheduleAssert.Next(schedule, "2028-01-15T00:00:00Z", 4));
    }

    [Fact]
    public void NextAfter_DayThirtyOne_SkipsShorterMonths()
    {
        var schedule = ScheduleAssert.Parse("0 0 31 * *");

        Assert.Equal(
            ["2026-05-31T00:00:00+00:00", "2026-07-31T00:00:00+00:00", "2026-08-31T00:00:00+00:00"],
            ScheduleAssert.Next(schedule, "2026-04-01T00:00:00Z", 3));
    }

    [Fact]
    public void NextAfter_DayOfMonthAndDayOfWeek_MustBothMatch()
    {
        // Cronos ANDs the two fields (Vixie cron ORs them): only Fridays that are the 13th.
        var schedule = ScheduleAssert.Parse("0 0 13 * FRI");

        Assert.Equal(
            ["2026-02-13T00:00:00+00:00", "2026-03-13T00:00:00+00:00", "2026-11-13T00:00:00+00:00"],
            ScheduleAssert.Next(schedule, "2026-01-01T00:00:00Z", 3));
    }

    [Fact]
    public void NextAfter_EndOfYear_RollsOver()
    {
        var schedule = ScheduleAssert.Parse("59 23 31 12 *");

        Assert.Equal(["2026-12-31T23:59:00+00:00", "2027-12-31T23:59:00+00:00"], ScheduleAssert.Next(schedule, "2026-06-01T00:00:00Z", 2));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("Etc/GMT+12")]
    [InlineData("Europe/Berlin")]
    public void NextAfter_EndsOfTime_ReturnsNullOrAnInstantWithoutThrowing(string zone)
    {
        var schedule = ScheduleAssert.Parse("* * * * *", zone);

        Assert.Null(schedule.NextAfter(DateTimeOffset.MaxValue));
        Assert.Null(schedule.NextAfter(DateTimeOffset.MaxValue.AddDays(-1)));
        Assert.NotNull(schedule.NextAfter(DateTimeOffset.MinValue));
        Assert.NotNull(schedule.NextAfter(new DateTimeOffset(9999, 12, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NextAfter_RareSchedulePastItsLastOccurrence_ReturnsNull()
    {
        // 29 February on a Monday fires in 9988 for the last time before the end of DateTimeOffset.
        var schedule = ScheduleAssert.Parse("0 0 29 2 MON");

        Assert.Null(schedule.NextAfter(new DateTimeOffset(9990, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    // Europe/Berlin, spring forward: on 2026-03-29 the clocks go from 02:00 (+01:00) straight to 03:00 (+02:00).
    [Theory]
    [InlineData("30 2 * * *", "2026-03-28T12:00:00+01:00", new[] { "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00" })]
    [InlineData("0 2 * * *", "2026-03-28T12:00:00+01:00", new[] { "2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00" })]
    [InlineData("*/15 * * * *", "2026-03-29T01:30:00+01:00", new[] { "2026-03-29T01:45:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T03:15:00+02:00" })]
    [InlineData("30 * * * *", "2026-03-29T00:45:00+01:00", new[] { "2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00" })]
    [InlineData("@daily", "2026-03-28T12:00:00+01:00", new[] { "2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00" })]
    public void NextAfter_BerlinSpringForward_FiresSkippedTimesOnceAtTheEndOfTheGap(string expression, string from, string[] expected) =>
        Assert.Equal(expected, ScheduleAssert.Next(ScheduleAssert.Parse(expression, "Europe/Berlin"), from, expected.Length));

    // Europe/Berlin, fall back: on 2026-10-25 the clocks go from 03:00 (+02:00) back to 02:00 (+01:00).
    [Theory]
    [InlineData("30 2 * * *", "2026-10-24T12:00:00+02:00", new[] { "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00" })]
    [InlineData("30 2,3 * * *", "2026-10-25T00:50:00+02:00", new[] { "2026-10-25T02:30:00+02:00", "2026-10-25T03:30:00+01:00", "2026-10-26T02:30:00+01:00" })]
    [InlineData(
        "*/15 * * * *",
        "2026-10-25T01:50:00+02:00",
        new[]
        {
            "2026-10-25T02:00:00+02:00", "2026-10-25T02:15:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:45:00+02:00",
            "2026-10-25T02:00:00+01:00", "2026-10-25T02:15:00+01:00", "2026-10-25T02:30:00+01:00", "2026-10-25T02:45:00+01:00",
            "2026-10-25T03:00:00+01:00",
        })]
    [InlineData("0 * * * *", "2026-10-25T00:50:00+02:00", new[] { "2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00" })]
    [InlineData("@hourly", "2026-10-25T00:50:00+02:00", new[] { "2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00" })]
    [InlineData("15,45 2 * * *", "2026-10-25T00:00:00+02:00", new[] { "2026-10-25T02:15:00+02:00", "2026-10-25T02:45:00+02:00", "2026-10-26T02:15:00+01:00" })]
    [InlineData("0-1 2 * * *", "2026-10-25T00:00:00+02:00", new[] { "2026-10-25T02:00:00+02:00", "2026-10-25T02:01:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T02:01:00+01:00", "2026-10-26T02:00:00+01:00" })]
    [InlineData("30/20 2 * * *", "2026-10-25T00:00:00+02:00", new[] { "2026-10-25T02:30:00+02:00", "2026-10-25T02:50:00+02:00", "2026-10-25T02:30:00+01:00" })]
    [InlineData("30 1-3 * * *", "2026-10-25T00:50:00+02:00", new[] { "2026-10-25T01:30:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00", "2026-10-25T03:30:00+01:00" })]
    public void NextAfter_BerlinFallBack_FixedTimesFireOnceIntervalsInBothHours(string expression, string from, string[] expected) =>
        Assert.Equal(expected, ScheduleAssert.Next(ScheduleAssert.Parse(expression, "Europe/Berlin"), from, expected.Length));

    [Fact]
    public void NextAfter_BerlinFallBackWithSeconds_StepsInTheSecondsFieldRepeatInBothHours()
    {
        var schedule = ScheduleAssert.Parse("*/20 30 2 * * *", "Europe/Berlin", withSeconds: true);

        Assert.Equal(
            [
                "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:20+02:00", "2026-10-25T02:30:40+02:00",
                "2026-10-25T02:30:00+01:00", "2026-10-25T02:30:20+01:00", "2026-10-25T02:30:40+01:00",
                "2026-10-26T02:30:00+01:00",
            ],
            ScheduleAssert.Next(schedule, "2026-10-25T00:00:00+02:00", 7));
    }

    // America/New_York: spring forward 2026-03-08 02:00 -> 03:00 (-05:00 -> -04:00); fall back 2026-11-01 02:00 -> 01:00.
    [Theory]
    [InlineData("30 2 * * *", "2026-03-07T12:00:00-05:00", new[] { "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00" })]
    [InlineData("*/30 * * * *", "2026-03-08T01:00:00-05:00", new[] { "2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00" })]
    [InlineData("30 1 * * *", "2026-10-31T12:00:00-04:00", new[] { "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00" })]
    [InlineData("30 1 * * *", "2026-11-01T01:35:00-04:00", new[] { "2026-11-02T01:30:00-05:00" })]
    [InlineData(
        "*/30 * * * *",
        "2026-11-01T00:45:00-04:00",
        new[] { "2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T01:30:00-05:00", "2026-11-01T02:00:00-05:00" })]
    public void NextAfter_NewYorkTransitions_BehaveAsInBerlin(string expression, string from, string[] expected) =>
        Assert.Equal(expected, ScheduleAssert.Next(ScheduleAssert.Parse(expression, "America/New_York"), from, expected.Length));

    // Southern hemisphere, and a half-hour shift: Australia/Lord_Howe goes 02:00 -> 02:30 in October, 02:00 -> 01:30 in April.
    [Theory]
    [InlineData("Australia/Sydney", "30 2 * * *", "2026-10-03T12:00:00+10:00", new[] { "2026-10-04T03:00:00+11:00", "2026-10-05T02:30:00+11:00" })]
    [InlineData("Australia/Sydney", "30 2 * * *", "2026-04-04T12:00:00+11:00", new[] { "2026-04-05T02:30:00+11:00", "2026-04-06T02:30:00+10:00" })]
    [InlineData("Australia/Lord_Howe", "15 2 * * *", "2026-10-03T12:00:00+10:30", new[] { "2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00" })]
    [InlineData(
        "Australia/Lord_Howe",
        "*/15 * * * *",
        "2026-04-05T01:20:00+11:00",
        new[] { "2026-04-05T01:30:00+11:00", "2026-04-05T01:45:00+11:00", "2026-04-05T01:30:00+10:30", "2026-04-05T01:45:00+10:30", "2026-04-05T02:00:00+10:30" })]
    public void NextAfter_SouthernAndHalfHourTransitions_BehaveAlike(string zone, string expression, string from, string[] expected) =>
        Assert.Equal(expected, ScheduleAssert.Next(ScheduleAssert.Parse(expression, zone), from, expected.Length));
}
