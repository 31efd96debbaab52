namespace KafkaCron.Integration.Tests.Observability;

/// <summary>The drills route the heartbeat as production does: read from the template, not restated.</summary>
public sealed class WatchdogRouteTests
{
    [Fact]
    public void FromProductionTemplate_TheDeadMansSwitchRoute_SendsEveryMinuteAndNoResolved()
    {
        var route = WatchdogRoute.FromProductionTemplate();

        Assert.Equal(new WatchdogRoute(TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), SendResolved: false), route);
    }

    [Fact]
    public void Scaled_ByTheDrillsTimeScale_DividesEveryInterval()
    {
        var route = WatchdogRoute.FromProductionTemplate().Scaled(30);

        Assert.Equal(TimeSpan.FromSeconds(2), route.GroupInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), route.RepeatInterval);
        Assert.Equal("2000ms", WatchdogRoute.Format(route.RepeatInterval));
    }
}
