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

    [Fact]
    public void Capture_ReadBackStartsBeforeEveryUnresolvedFire()
    {
        _plan.Apply(File(Job("a"), Job("b")), T0);
        var tracker = new CheckpointTracker([new(Topic, 0, 10), new(Topic, 1, 20)], S, T0);
        _plan.TryTakeDue(T0 + (10 * S), out var a);
        _plan.TryTakeDue(T0 + (10 * S), out var b);
        tracker.HandedOver("a", a!.FireId);
        tracker.Published(Guid.NewGuid(), new FireReceipt(Topic, 0, 14));
        tracker.HandedOver("b", b!.FireId);
        tracker.Published(b.FireId, new FireReceipt(Topic, 1, 25));
        _plan.Complete(b);

        var checkpoint = tracker.Capture(_plan, T0 + (10 * S));

        // a is still in flight: it was handed over when partition 0 ended at 10 and partition 1 at 20.
        Assert.Equal([new TopicPartitionPosition(Topic, 0, 10), new(Topic, 1, 20)], checkpoint.ReadBackFrom);

        tracker.Published(a.FireId, new FireReceipt(Topic, 0, 15));
        _plan.Complete(a);
        checkpoint = tracker.Capture(_plan, T0 + (11 * S));

        Assert.Equal([new TopicPartitionPosition(Topic, 0, 16), new(Topic, 1, 26)], checkpoint.ReadBackFrom);
    }

    [Fact]
    public void Capture_FireRetriedAfterAFailure_KeepsTheEndsOfItsFirstHandOver()
    {
        _plan.Apply(File(Job("a")), T0);
        var tracker = new CheckpointTracker([new(Topic, 0, 0)], S, T0);
        _plan.TryTakeDue(T0 + (10 * S), out var first);
        tracker.HandedOver("a", first!.FireId);
        tracker.Changed();
        _plan.Defer(first, T0 + (10 * S), T0 + (11 * S));
        tracker.Published(Guid.NewGuid(), new FireReceipt(Topic, 0, 3));
        _plan.TryTakeDue(T0 + (11 * S), out var again);
        tracker.HandedOver("a", again!.FireId);

        Assert.Equal(0, Assert.Single(tracker.Capture(_plan, T0 + (11 * S)).ReadBackFrom).Offset);
    }

    [Fact]
    public void Capture_PartitionUnknownWhenAFireWasHandedOver_IsReadFromItsStart()
    {
        _plan.Apply(File(Job("a")), T0);
        var tracker = new CheckpointTracker([], S, T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);
        tracker.HandedOver("a", fire!.FireId);
        tracker.Published(Guid.NewGuid(), new FireReceipt(Topic, 1, 41));

        Assert.Equal(new TopicPartitionPosition(Topic, 1, 0), Assert.Single(tracker.Capture(_plan, T0 + (10 * S)).ReadBackFrom));
    }

    [Fact]
    public void IsDue_AfterAnIntervalWhenChanged_AfterTenIntervalsWhenQuiet()
    {
        _plan.Apply(File(Job("a")), T0);
        var tracker = new CheckpointTracker([], S, T0);
        Assert.True(tracker.IsDue(T0));
        tracker.Capture(_plan, T0);

        Assert.False(tracker.IsDue(T0 + (9 * S)));
        Assert.True(tracker.IsDue(T0 + (10 * S)));
        tracker.Changed();
        Assert.False(tracker.IsDue(T0 + S - TimeSpan.FromTicks(1)));
        Assert.True(tracker.IsDue(T0 + S));
        Assert.Equal(T0 + S, tracker.NextCaptureAt);
    }
}
