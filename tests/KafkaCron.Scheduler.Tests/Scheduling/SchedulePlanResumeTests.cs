using KafkaCron.Core.Jobs;
using KafkaCron.Core.Leadership;
using KafkaCron.Core.Scheduling;
using KafkaCron.Scheduler.Tests.TestSupport;
using static KafkaCron.Scheduler.Tests.TestSupport.Jobs;

namespace KafkaCron.Scheduler.Tests.Scheduling;

/// <summary>A new term resumes from a checkpoint: misfires per policy, and a checkpoint taken from a running plan.</summary>
public sealed class SchedulePlanResumeTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private readonly SchedulePlan _plan = new(new TestSchedules().For);

    private static ResumePoint At(DateTimeOffset position, Dictionary<string, DateTimeOffset>? pending = null, Dictionary<string, DateTimeOffset>? lastFired = null) =>
        ResumePoint.From(
            new ScheduleCheckpoint { ScheduledUpTo = position, LastFired = lastFired ?? [], Pending = pending ?? [] },
            new Dictionary<string, DateTimeOffset>());

    private List<DateTimeOffset> TakeAll(DateTimeOffset now, string job = "a")
    {
        var taken = new List<DateTimeOffset>();
        while (_plan.TryTakeDue(now, out var fire))
        {
            if (fire.Job.Name == job)
            {
                taken.Add(fire.ScheduledAt);
            }

            _plan.Complete(fire);
        }

        return taken;
    }

    [Fact]
    public void Resume_FireOnce_FiresOnlyTheLatestMissedInstantNow()
    {
        _plan.Resume(File(Job("a")), T0 + (45 * S), At(T0));

        Assert.Equal([T0 + (40 * S)], TakeAll(T0 + (45 * S)));
        Assert.Equal(T0 + (50 * S), _plan.NextFireOf("a"));
        var notice = Assert.IsType<PlanNotice.MissedWhileNotLeading>(Assert.Single(_plan.DrainNotices()));
        Assert.Equal((4, 3, MisfirePolicy.FireOnce, T0 + (40 * S)), (notice.Missed, notice.Skipped, notice.Policy, notice.Next));
    }

    [Fact]
    public void Resume_FireAll_FiresEveryMissedInstantInOrder()
    {
        _plan.Resume(File(Job("a") with { MisfirePolicy = MisfirePolicy.FireAll }), T0 + (45 * S), At(T0));

        Assert.Equal([T0 + (10 * S), T0 + (20 * S), T0 + (30 * S), T0 + (40 * S)], TakeAll(T0 + (45 * S)));
    }

    [Fact]
    public void Resume_FireAll_DropsInstantsOlderThanTheCatchUpWindow()
    {
        var job = Job("a") with { MisfirePolicy = MisfirePolicy.FireAll, CatchUpWindow = 25 * S };
        _plan.Resume(File(job), T0 + (45 * S), At(T0));

        // The window reaches back to 20 s: that instant is inside it, 10 s is not.
        Assert.Equal([T0 + (20 * S), T0 + (30 * S), T0 + (40 * S)], TakeAll(T0 + (45 * S)));
        var notice = Assert.IsType<PlanNotice.MissedWhileNotLeading>(Assert.Single(_plan.DrainNotices()));
        Assert.Equal((4, 1), (notice.Missed, notice.Skipped));
    }

    [Fact]
    public void Resume_Skip_FiresNothingMissedAndResumesAtTheNextInstant()
    {
        _plan.Resume(File(Job("a") with { MisfirePolicy = MisfirePolicy.Skip }), T0 + (45 * S), At(T0));

        Assert.Empty(TakeAll(T0 + (45 * S)));
        Assert.Equal(T0 + (50 * S), _plan.NextFireOf("a"));
        var notice = Assert.IsType<PlanNotice.MissedWhileNotLeading>(Assert.Single(_plan.DrainNotices()));
        Assert.Equal((4, 4), (notice.Missed, notice.Skipped));
    }

    [Fact]
    public void Resume_NothingMissed_PlansTheNextInstantWithoutNotice()
    {
        _plan.Resume(File(Job("a")), T0 + (15 * S), At(T0 + (12 * S)));

        Assert.Equal(T0 + (20 * S), _plan.NextFireOf("a"));
        Assert.Empty(_plan.DrainNotices());
    }

    [Fact]
    public void Resume_PendingFire_IsOwedAgain()
    {
        // The checkpoint says 20 s was being published (not known to have landed) when it was taken at 25 s.
        var point = At(T0 + (25 * S), pending: new() { ["a"] = T0 + (20 * S) }, lastFired: new() { ["a"] = T0 + (10 * S) });
        _plan.Resume(File(Job("a") with { MisfirePolicy = MisfirePolicy.FireAll }), T0 + (26 * S), point);

        Assert.Equal([T0 + (20 * S)], TakeAll(T0 + (26 * S)));
    }

    [Fact]
    public void Resume_PositionAfterNow_NeverFiresAtOrBeforeIt()
    {
        // A read-back found a fire for 40 s published by a leader whose clock ran ahead of this one's.
        var point = ResumePoint.From(
            new ScheduleCheckpoint { ScheduledUpTo = T0 + (30 * S), LastFired = new Dictionary<string, DateTimeOffset>() },
            new Dictionary<string, DateTimeOffset> { ["a"] = T0 + (40 * S) });
        _plan.Resume(File(Job("a")), T0 + (35 * S), point);

        Assert.Equal(T0 + (50 * S), _plan.NextFireOf("a"));
    }

    [Fact]
    public void Resume_SuspendedJob_NeverFiresItsInstantsAreWithheld()
    {
        _plan.Resume(File(Job("a") with { Suspend = true }), T0 + (45 * S), At(T0));

        Assert.Empty(TakeAll(T0 + TimeSpan.FromHours(1)));
        var withheld = _plan.DrainNotices().OfType<PlanNotice.FireWithheld>().ToList();
        // The latest instant missed before the term (fireOnce), then every instant up to the hour.
        Assert.Equal(T0 + (40 * S), withheld[0].ScheduledAt);
        Assert.Equal(T0 + TimeSpan.FromHours(1), withheld[^1].ScheduledAt);
        Assert.All(withheld, w => Assert.True(w.Suspended));
    }

    [Fact]
    public void Resume_PlanNotEmpty_Throws()
    {
        _plan.Apply(File(Job("a")), T0);

        Assert.Throws<InvalidOperationException>(() => _plan.Resume(File(Job("a")), T0, At(T0)));
    }

    [Fact]
    public void Resume_DuplicateJobNames_ThrowsAndLeavesThePlanEmpty()
    {
        Assert.Throws<ArgumentException>(() => _plan.Resume(File(Job("a"), Job("a")), T0, At(T0)));
        Assert.Equal(0, _plan.JobCount);
    }

    [Fact]
    public void Checkpoint_QuietPlan_WatermarkIsNowAndNoJobIsListed()
    {
        _plan.Apply(File(Job("a"), Job("b", "every 60s")), T0);
        TakeAll(T0 + (25 * S));

        var checkpoint = _plan.Checkpoint(T0 + (25 * S));

        Assert.Equal(T0 + (25 * S), checkpoint.ScheduledUpTo);
        Assert.Empty(checkpoint.LastFired);
        Assert.Empty(checkpoint.Pending);
    }

    [Fact]
    public void Checkpoint_FireBeingPublished_HoldsTheWatermarkBeforeIt()
    {
        _plan.Apply(File(Job("a"), Job("b")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out _);

        var checkpoint = _plan.Checkpoint(T0 + (12 * S));

        Assert.Equal(T0 + (10 * S) - Tick, checkpoint.ScheduledUpTo);
        Assert.Empty(checkpoint.Pending);
    }

    [Fact]
    public void Checkpoint_FailedFireOnceTheWatermarkPassesIt_IsPending()
    {
        _plan.Apply(File(Job("a"), Job("b")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var a);
        _plan.TryTakeDue(T0 + (10 * S), out var b);
        _plan.Defer(b!, T0 + (10 * S), T0 + (11 * S));
        Assert.Empty(_plan.Checkpoint(T0 + (10 * S)).Pending);
        _plan.Complete(a!);

        var checkpoint = _plan.Checkpoint(T0 + (10.5 * S));

        Assert.Equal(T0 + (10.5 * S), checkpoint.ScheduledUpTo);
        Assert.Equal(T0 + (10 * S), Assert.Single(checkpoint.Pending).Value);
        Assert.Equal(1, _plan.PendingCount);
    }

    [Fact]
    public void Checkpoint_DueButNotHandedOut_HoldsTheWatermarkBeforeIt()
    {
        _plan.Apply(File(Job("a")), T0);

        var checkpoint = _plan.Checkpoint(T0 + (12 * S));

        Assert.Equal(T0 + (10 * S) - Tick, checkpoint.ScheduledUpTo);
        Assert.Empty(checkpoint.Pending);
    }

    [Fact]
    public void Checkpoint_AfterAnEarlierCheckpoint_NeverMovesTheWatermarkBack()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.Checkpoint(T0 + (5 * S));

        Assert.Equal(T0 + (5 * S), _plan.Checkpoint(T0 + (3 * S)).ScheduledUpTo);
    }

    [Fact]
    public void Checkpoint_FireOfAnEarlierTermAheadOfNow_WatermarkStaysAtNow()
    {
        // The fire of T0 + 40 s lies after the watermark: the read-back offsets cover it (CheckpointTrackerTests).
        var point = ResumePoint.From(
            new ScheduleCheckpoint { ScheduledUpTo = T0 },
            new Dictionary<string, DateTimeOffset> { ["a"] = T0 + (40 * S) });
        _plan.Resume(File(Job("a"), Job("b", "every 60s+30s")), T0 + (25 * S), point);
        TakeAll(T0 + (25 * S));

        var checkpoint = _plan.Checkpoint(T0 + (25 * S));

        Assert.Equal(T0 + (25 * S), checkpoint.ScheduledUpTo);
        Assert.Empty(checkpoint.Pending);
        Assert.True(ScheduleCheckpointCodec.Decode(ScheduleCheckpointCodec.Encode(checkpoint with { DeploymentId = "d", Epoch = 1, WrittenAt = T0 }), "d").IsSuccess);
    }

    [Fact]
    public void Checkpoint_JobResumedPendingBehindTheWatermark_StaysListedUntilItCatchesUp()
    {
        var point = ResumePoint.From(
            new ScheduleCheckpoint { ScheduledUpTo = T0 + (30 * S), Pending = new Dictionary<string, DateTimeOffset> { ["a"] = T0 + (10 * S) } },
            new Dictionary<string, DateTimeOffset>());
        _plan.Resume(File(Job("a") with { MisfirePolicy = MisfirePolicy.FireAll }, Job("b", "every 1s")), T0 + (30 * S), point);

        Assert.Equal(T0 + (10 * S), _plan.Checkpoint(T0 + (30 * S)).Pending["a"]);
        _plan.TryTakeDue(T0 + (30 * S), out var first);
        _plan.Complete(first!);
        Assert.Equal(T0 + (20 * S), _plan.Checkpoint(T0 + (30 * S)).Pending["a"]);
        TakeAll(T0 + (31 * S));
        Assert.Empty(_plan.Checkpoint(T0 + (31 * S)).Pending);
    }

    [Fact]
    public void Checkpoint_ThenResume_NeitherLosesNorRepeatsAnInstant()
    {
        // A term publishes some instants, a checkpoint is taken with one fire in flight, the term dies; the next
        // term resumes 35 s later from that checkpoint and must publish exactly the instants the first did not.
        var file = File(Job("a", "every 1s") with { MisfirePolicy = MisfirePolicy.FireAll }, Job("b", "every 2s") with { MisfirePolicy = MisfirePolicy.FireAll });
        _plan.Apply(file, T0);
        var published = new List<(string, DateTimeOffset)>();
        for (var now = T0 + S; now <= T0 + (20 * S); now += S)
        {
            while (_plan.TryTakeDue(now, out var fire))
            {
                published.Add((fire.Job.Name, fire.ScheduledAt));
                _plan.Complete(fire);
            }
        }

        _plan.TryTakeDue(T0 + (21 * S), out var inFlight);
        var checkpoint = _plan.Checkpoint(T0 + (21 * S));
        Assert.Equal(inFlight!.ScheduledAt - Tick, checkpoint.ScheduledUpTo);
        Assert.Empty(checkpoint.Pending);

        var next = new SchedulePlan(new TestSchedules().For);
        next.Resume(file, T0 + (56 * S), ResumePoint.From(checkpoint, new Dictionary<string, DateTimeOffset>()));
        while (next.TryTakeDue(T0 + (56 * S), out var fire))
        {
            published.Add((fire.Job.Name, fire.ScheduledAt));
            next.Complete(fire);
        }

        var expected = Enumerable.Range(1, 56).Select(i => ("a", T0 + (i * S)))
            .Concat(Enumerable.Range(1, 28).Select(i => ("b", T0 + (2 * i * S))));
        Assert.Equal(expected.Order(), published.Order());
    }
}
