using KafkaCron.Scheduler.Tests.TestSupport;
using static KafkaCron.Scheduler.Tests.TestSupport.Jobs;

namespace KafkaCron.Scheduler.Tests.Engine;

public sealed class LeaderGaugeTests
{
    private const string Leader = "kcron.scheduler.leader";
    private const string Epoch = "kcron.scheduler.epoch";

    [Fact]
    public async Task RunAsync_WithoutElection_RecordsLeaderOneWhileSchedulingAndZeroAfter()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a")));

        Assert.Equal(1, h.Metrics.Of(Leader)[^1].Value);
        Assert.Empty(h.Metrics.Of(Epoch));

        await h.StopAsync();

        Assert.Equal(0, h.Metrics.Of(Leader)[^1].Value);
    }

    [Fact]
    public async Task RunAsync_ElectedTerm_RecordsItsEpoch()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a")), epoch: 7);

        Assert.Equal(1, h.Metrics.Of(Leader)[^1].Value);
        Assert.Equal(7, h.Metrics.Of(Epoch)[^1].Value);
    }
}
