using KafkaCron.Core.Scheduling;

namespace KafkaCron.Core.Tests.Scheduling;

public sealed class BehindScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    [Fact]
    public void Observe_UnderTheThreshold_ReportsNothing()
    {
        var behind = new BehindSchedule(S);

        Assert.Null(behind.Observe(S * 0.99, T0));
        Assert.False(behind.IsBehind);
    }

    [Fact]
    public void Observe_AtTheThreshold_StartsOneEpisode()
    {
        var behind = new BehindSchedule(S);

        var change = behind.Observe(S, T0);
        var again = behind.Observe(3 * S, T0 + S);

        Assert.Equal(new BehindScheduleChange.FellBehind(S), change);
        Assert.Null(again);
        Assert.True(behind.IsBehind);
    }

    [Fact]
    public void Observe_BetweenHalfAndTheThreshold_KeepsTheEpisodeGoing()
    {
        var behind = new BehindSchedule(S);
        behind.Observe(2 * S, T0);

        Assert.Null(behind.Observe(S / 2, T0 + S));
        Assert.True(behind.IsBehind);
    }

    [Fact]
    public void Observe_UnderHalfTheThreshold_EndsTheEpisodeWithItsLengthAndWorst()
    {
        var behind = new BehindSchedule(S);
        behind.Observe(2 * S, T0);
        behind.Observe(5 * S, T0 + S);

        var change = behind.Observe(TimeSpan.Zero, T0 + (4 * S));

        Assert.Equal(new BehindScheduleChange.CaughtUp(4 * S, 5 * S), change);
        Assert.False(behind.IsBehind);
        Assert.Equal(new BehindScheduleChange.FellBehind(S), behind.Observe(S, T0 + (5 * S)));
    }
}
