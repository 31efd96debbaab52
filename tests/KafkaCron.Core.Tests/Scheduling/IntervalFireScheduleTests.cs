using KafkaCron.Core.Scheduling;

namespace KafkaCron.Core.Tests.Scheduling;

public sealed class IntervalFireScheduleTests
{
    [Fact]
    public void NextAfter_AMultipleOfTheIntervalSinceTheEpoch_ReturnsTheNextMultiple()
    {
        // 2026-01-01T00:00:00Z is 1767225600 s after the epoch, a multiple of 90 s.
        var schedule = ScheduleAssert.Parse("@every 90s");

        Assert.Equal(
            ["2026-01-01T00:01:30+00:00", "2026-01-01T00:03:00+00:00"],
            ScheduleAssert.Next(schedule, "2026-01-01T00:00:00Z", 2));
    }

    [Fact]
    public void NextAfter_BeforeTheEpoch_CountsBackwardsFromIt()
    {
        var schedule = ScheduleAssert.Parse("@every 7s");

        Assert.Equal(
            ["1969-12-31T23:59:04+00:00", "1969-12-31T23:59:11+00:00"],
            ScheduleAssert.Next(schedule, "1969-12-31T23:59:00Z", 2));
    }

    [Fact]
    public void NextAfter_AnyInstant_IsTheFirstEpochMultipleStrictlyAfterIt()
    {
        var interval = TimeSpan.FromSeconds(37);
        var schedule = ScheduleAssert.Parse("@every 37s");
        var random = new Random(20260329);
        for (var i = 0; i < 1000; i++)
        {
            var after = DateTimeOffset.UnixEpoch.AddTicks(random.NextInt64(-TimeSpan.TicksPerDay * 365 * 100, TimeSpan.TicksPerDay * 365 * 200));

            var next = schedule.NextAfter(after)!.Value;

            Assert.True(next > after);
            Assert.True(next - after <= interval);
            Assert.Equal(0, (next - DateTimeOffset.UnixEpoch).Ticks % interval.Ticks);
        }
    }

    [Fact]
    public void NextAfter_TwoReplicasAskingFromDifferentInstants_LandOnTheSameGrid()
    {
        var leader = ScheduleAssert.Parse("@every 1h30m", "Europe/Berlin");
        var successor = ScheduleAssert.Parse("@every 1h30m", "Europe/Berlin");

        var byLeader = ScheduleAssert.Next(leader, "2026-05-01T10:00:00Z", 12);
        var bySuccessor = ScheduleAssert.Next(successor, "2026-05-01T11:17:00Z", 10);

        var start = Array.IndexOf(byLeader, bySuccessor[0]);
        Assert.InRange(start, 0, 2);
        Assert.Equal(byLeader[start..(start + 10)], bySuccessor);
    }

    [Fact]
    public void NextAfter_AcrossBerlinFallBack_KeepsTheIntervalAndShowsTheLocalOffset()
    {
        var schedule = ScheduleAssert.Parse("@every 1h", "Europe/Berlin");

        Assert.Equal(
            ["2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00"],
            ScheduleAssert.Next(schedule, "2026-10-25T01:30:00+02:00", 3));
    }

    [Fact]
    public void NextAfter_AcrossBerlinSpringForward_KeepsTheInterval()
    {
        var schedule = ScheduleAssert.Parse("@every 30m", "Europe/Berlin");

        Assert.Equal(
            ["2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00"],
            ScheduleAssert.Next(schedule, "2026-03-29T01:10:00+01:00", 3));
    }

    [Fact]
    public void NextAfter_IntervalNotDividingADay_DriftsAcrossDaysAsTheEpochDictates()
    {
        // 7 h does not divide 24 h: the instants are anchored on the epoch, not on midnight.
        var schedule = ScheduleAssert.Parse("@every 7h");

        Assert.Equal(
            ["2026-01-01T07:00:00+00:00", "2026-01-01T14:00:00+00:00", "2026-01-01T21:00:00+00:00", "2026-01-02T04:00:00+00:00"],
            ScheduleAssert.Next(schedule, "2026-01-01T00:00:00Z", 4));
    }

    [Theory]
    [InlineData("@every 1s")]
    [InlineData("@every 100000d")]
    public void NextAfter_EndsOfTime_ReturnsNullOrAnInstantWithoutThrowing(string expression)
    {
        var schedule = ScheduleAssert.Parse(expression, "Pacific/Kiritimati");

        Assert.Null(schedule.NextAfter(DateTimeOffset.MaxValue));
        Assert.NotNull(schedule.NextAfter(DateTimeOffset.MinValue));
        Assert.Null(ScheduleAssert.Parse(expression, "Etc/GMT+12").NextAfter(DateTimeOffset.MaxValue.AddDays(-1)));
    }
}
