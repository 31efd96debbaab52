using KafkaCron.Core.Leadership;
using KafkaCron.Core.Scheduling;
using KafkaCron.Scheduler.Engine;
using KafkaCron.Scheduler.Tests.TestSupport;
using static KafkaCron.Scheduler.Tests.TestSupport.Jobs;

namespace KafkaCron.Scheduler.Tests.Engine;

public sealed class CheckpointTrackerTests
{
    private const string Topic = "kcron.jobs.cluster-a";
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private readonly SchedulePlan _plan = new(new TestSchedules().For);
    private long _offset;

    [Fact]
    public void Capture_FireInFlight_ReadBackStartsAtTheEndsKnownWhenItsInstantWasFirstHandedOver()
    {
        _plan.Apply(File(Job("a"), Job("b")), T0);
        var tracker = new CheckpointTracker([new(Topic, 0, 10), new(Topic, 1, 20)], null, S, T0);
        _plan.TryTakeDue(T0 + (10 * S), out var a);
        _plan.TryTakeDue(T0 + (10 * S), out var b);
        tracker.HandedOver(a!);
        tracker.Published(new FireReceipt(Topic, 0, 14));
        tracker.HandedOver(b!);
        tracker.Published(new FireReceipt(Topic, 1, 25));
        _plan.Complete(b!);

        var checkpoint = tracker.Capture(_plan, T0 + (10 * S));

        // a is still in flight: the watermark stays before its instant, whose first fire was handed over when
        // partition 0 ended at 10 and partition 1 at 20.
        Assert.Equal(T0 + (10 * S) - TimeSpan.FromTicks(1), checkpoint.ScheduledUpTo);
        Assert.Empty(checkpoint.Pending);
        Assert.Equal([new TopicPartitionPosition(Topic, 0, 10), new(Topic, 1, 20)], checkpoint.ReadBackFrom);

        tracker.Published(new FireReceipt(Topic, 0, 15));
        _plan.Complete(a!);
        checkpoint = tracker.Capture(_plan, T0 + (11 * S));

        Assert.Equal(T0 + (11 * S), checkpoint.ScheduledUpTo);
        Assert.Equal([new TopicPartitionPosition(Topic, 0, 16), new(Topic, 1, 26)], checkpoint.ReadBackFrom);
    }

    [Fact]
    public void Capture_FireRetriedAfterAFailure_IsPendingAndKeepsTheEndsOfItsFirstHandOver()
    {
        _plan.Apply(File(Job("a")), T0);
        var tracker = new CheckpointTracker([new(Topic, 0, 0)], null, S, T0);
        _plan.TryTakeDue(T0 + (10 * S), out var first);
        tracker.HandedOver(first!);
        tracker.Deferred(first!);
        _plan.Defer(first!, T0 + (10 * S), T0 + (11 * S));
        tracker.Published(new FireReceipt(Topic, 0, 3));
        _plan.TryTakeDue(T0 + (11 * S), out var again);
        Assert.True(again!.BehindWatermark);
        tracker.HandedOver(again);

        var checkpoint = tracker.Capture(_plan, T0 + (11 * S));

        Assert.Equal(T0 + (10 * S), checkpoint.Pending["a"]);
        Assert.Equal(0, Assert.Single(checkpoint.ReadBackFrom).Offset);
    }

    [Fact]
    public void Capture_PartitionUnknownWhenAFireWasHandedOver_IsReadFromItsStart()
    {
        _plan.Apply(File(Job("a")), T0);
        var tracker = new CheckpointTracker([], null, S, T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);
        tracker.HandedOver(fire!);
        tracker.Published(new FireReceipt(Topic, 1, 41));

        Assert.Equal(new TopicPartitionPosition(Topic, 1, 0), Assert.Single(tracker.Capture(_plan, T0 + (10 * S)).ReadBackFrom));
    }

    [Fact]
    public void Capture_FireOfAnEarlierTermAfterTheWatermark_ReadBackFromTheInheritedOffsetsUntilTheWatermarkPassesIt()
    {
        // The earlier term checkpointed up to T0 + 10 s reading back from offset 5; after that, its clock running
        // ahead, it published a's fire of T0 + 40 s, which the read-back found.
        var inherited = new ScheduleCheckpoint { ScheduledUpTo = T0 + (10 * S), ReadBackFrom = [new TopicPartitionPosition(Topic, 0, 5)] };
        var resume = ResumePoint.From(inherited, new Dictionary<string, DateTimeOffset> { ["a"] = T0 + (40 * S) });
        _plan.Resume(File(Job("a"), Job("b", "every 1s")), T0 + (35 * S), resume);
        var tracker = new CheckpointTracker([new(Topic, 0, 9)], resume, S, T0 + (35 * S));
        _offset = 9;

        DrainAndPublish(tracker, T0 + (35 * S));
        var before = tracker.Capture(_plan, T0 + (35 * S));
        DrainAndPublish(tracker, T0 + (41 * S));
        var after = tracker.Capture(_plan, T0 + (41 * S));

        Assert.Equal(T0 + (35 * S), before.ScheduledUpTo);
        Assert.Equal(5, Assert.Single(before.ReadBackFrom).Offset);
        Assert.Equal(T0 + (41 * S), after.ScheduledUpTo);
        Assert.Equal(_offset, Assert.Single(after.ReadBackFrom).Offset);
    }

    [Fact]
    public void Capture_TwentyThousandJobsAllPublished_ListsNoJobAndEncodesSmall()
    {
        var jobs = Enumerable.Range(0, 20_000).Select(i => Job("job-" + i, "every 1s")).ToArray();
        _plan.Apply(File(jobs), T0);
        var tracker = new CheckpointTracker([new(Topic, 0, 0)], null, S, T0);
        DrainAndPublish(tracker, T0 + (3 * S));

        var checkpoint = tracker.Capture(_plan, T0 + (3 * S));

        Assert.Equal(T0 + (3 * S), checkpoint.ScheduledUpTo);
        Assert.Empty(checkpoint.Pending);
        Assert.Empty(checkpoint.LastFired);
        Assert.InRange(ScheduleCheckpointCodec.Encode(checkpoint with { DeploymentId = "d", WrittenAt = T0 }).Length, 1, 1_000);
    }

    [Fact]
    public void IsDue_AfterAnIntervalWhenChanged_AfterTenIntervalsWhenQuiet()
    {
        _plan.Apply(File(Job("a")), T0);
        var tracker = new CheckpointTracker([], null, S, T0);
        Assert.True(tracker.IsDue(T0));
        tracker.Capture(_plan, T0);

        Assert.False(tracker.IsDue(T0 + (9 * S)));
        Assert.True(tracker.IsDue(T0 + (10 * S)));
        tracker.Changed();
        Assert.False(tracker.IsDue(T0 + S - TimeSpan.FromTicks(1)));
        Assert.True(tracker.IsDue(T0 + S));
        Assert.Equal(T0 + S, tracker.NextCaptureAt);
    }

    /// <summary>Hands over every fire due by <paramref name="now"/> and publishes it at partition 0, offset after offset.</summary>
    private void DrainAndPublish(CheckpointTracker tracker, DateTimeOffset now)
    {
        while (_plan.TryTakeDue(now, out var fire))
        {
            tracker.HandedOver(fire);
            tracker.Published(new FireReceipt(Topic, 0, _offset++));
            _plan.Complete(fire);
        }
    }
}
