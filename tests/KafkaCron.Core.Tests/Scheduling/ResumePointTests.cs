using KafkaCron.Core.Leadership;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Core.Tests.Scheduling;

public sealed class ResumePointTests
{
    private static readonly DateTimeOffset T = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static ScheduleCheckpoint Checkpoint(
        Dictionary<string, DateTimeOffset>? lastFired = null, Dictionary<string, DateTimeOffset>? pending = null) => new()
    {
        ScheduledUpTo = T,
        LastFired = lastFired ?? [],
        Pending = pending ?? [],
    };

    [Fact]
    public void Fresh_EveryJobIsAtNowWithNoLastFire()
    {
        var point = ResumePoint.Fresh(T);

        Assert.Equal(T, point.PositionOf("any"));
        Assert.Null(point.LastFiredOf("any"));
    }

    [Fact]
    public void From_JobWithoutPendingFire_IsAtScheduledUpTo()
    {
        var point = ResumePoint.From(Checkpoint(lastFired: new() { ["a"] = T.AddSeconds(-10) }), new Dictionary<string, DateTimeOffset>());

        Assert.Equal(T, point.PositionOf("a"));
        Assert.Equal(T.AddSeconds(-10), point.LastFiredOf("a"));
        Assert.Equal(T, point.PositionOf("never-fired"));
    }

    [Fact]
    public void From_JobWithPendingFire_IsJustBeforeIt()
    {
        var point = ResumePoint.From(
            Checkpoint(lastFired: new() { ["a"] = T.AddSeconds(-10) }, pending: new() { ["a"] = T.AddSeconds(-5), ["b"] = T }),
            new Dictionary<string, DateTimeOffset>());

        Assert.Equal(T.AddSeconds(-5).AddTicks(-1), point.PositionOf("a"));
        Assert.Equal(T.AddTicks(-1), point.PositionOf("b"));
    }

    [Fact]
    public void From_FiresReadBackAfterTheCheckpoint_MoveThePositionAndLastFire()
    {
        var point = ResumePoint.From(
            Checkpoint(lastFired: new() { ["a"] = T.AddSeconds(-10) }, pending: new() { ["a"] = T.AddSeconds(-5) }),
            new Dictionary<string, DateTimeOffset> { ["a"] = T.AddSeconds(3), ["c"] = T.AddSeconds(1) });

        Assert.Equal(T.AddSeconds(3), point.PositionOf("a"));
        Assert.Equal(T.AddSeconds(3), point.LastFiredOf("a"));
        Assert.Equal(T.AddSeconds(1), point.PositionOf("c"));
    }

    [Fact]
    public void From_ReadBackOlderThanThePosition_DoesNotMoveItBack()
    {
        var point = ResumePoint.From(
            Checkpoint(lastFired: new() { ["a"] = T.AddSeconds(-1) }),
            new Dictionary<string, DateTimeOffset> { ["a"] = T.AddSeconds(-20) });

        Assert.Equal(T, point.PositionOf("a"));
        Assert.Equal(T.AddSeconds(-1), point.LastFiredOf("a"));
    }
}
