using KafkaCron.Core.Leadership;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Core.Tests.Scheduling;

public sealed class PublishedFiresTests
{
    private static readonly DateTimeOffset T = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static FireMessage Fire(string job, int second, long? epoch) => TestFires.FirstAttempt(job, T.AddSeconds(second), epoch);

    [Fact]
    public void Add_KeepsTheLatestInstantPerJobAndTheHighestEpoch()
    {
        var fires = new PublishedFires();
        fires.Add(Fire("a", 3, 2));
        fires.Add(Fire("a", 1, 3));
        fires.Add(Fire("b", 2, null));
        fires.AddUndecodable();

        Assert.Equal(T.AddSeconds(3), fires.LatestPerJob["a"]);
        Assert.Equal(T.AddSeconds(2), fires.LatestPerJob["b"]);
        Assert.Equal(3, fires.HighestEpoch);
        Assert.Equal(3, fires.Count);
        Assert.Equal(1, fires.Undecodable);
    }

    [Fact]
    public void Add_ManualFireLaterThanTheLastScheduledOne_MovesNoJobsPosition()
    {
        var fires = new PublishedFires();
        fires.Add(Fire("a", 1, 2));
        fires.Add(Fire("a", 9, null) with { Trigger = FireTriggers.Manual });
        fires.Add(Fire("b", 9, null) with { Trigger = FireTriggers.Manual });

        Assert.Equal(T.AddSeconds(1), fires.LatestPerJob["a"]);
        Assert.False(fires.LatestPerJob.ContainsKey("b"));
        Assert.Equal(3, fires.Count);
    }

    [Fact]
    public void EndAt_LatestCallPerPartitionWins_EndsAreOrdered()
    {
        var fires = new PublishedFires();
        fires.EndAt("t2", 0, 5);
        fires.EndAt("t1", 1, 3);
        fires.EndAt("t1", 0, 1);
        fires.EndAt("t1", 0, 2);

        Assert.Equal([new TopicPartitionPosition("t1", 0, 2), new("t1", 1, 3), new("t2", 0, 5)], fires.Ends);
    }
}
