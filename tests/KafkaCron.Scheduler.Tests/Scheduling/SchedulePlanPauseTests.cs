using KafkaCron.Core.Jobs;
using KafkaCron.Core.Leadership;
using KafkaCron.Core.Scheduling;
using KafkaCron.Scheduler.Tests.TestSupport;
using static KafkaCron.Scheduler.Tests.TestSupport.Jobs;

namespace KafkaCron.Scheduler.Tests.Scheduling;

/// <summary>Pausing (<c>kcron pause</c>), suspending (<c>suspend: true</c>) and resuming, in the plan.</summary>
public sealed class SchedulePlanPauseTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);
    private static readonly HashSet<string> None = [];

    private readonly TestSchedules _schedules = new();
    private readonly SchedulePlan _plan;

    public SchedulePlanPauseTests()
    {
        _plan = new SchedulePlan(_schedules.For);
    }

    [Fact]
    public void TryTakeDue_PausedJob_WithholdsEachInstantWithANoticeAndOthersFire()
    {
        _plan.Apply(File(Job("a"), Job("b", cluster: "cluster-b")), T0);
        _plan.SetPaused(Set("b"), T0);

        var fired = Run(T0 + (35 * S));

        Assert.Equal(["a", "a", "a"], fired.Select(f => f.Job.Name));
        Assert.Equal(
            [new PlanNotice.FireWithheld("b", "cluster-b", T0 + (10 * S), false), new("b", "cluster-b", T0 + (20 * S), false), new("b", "cluster-b", T0 + (30 * S), false)],
            Notices<PlanNotice.FireWithheld>());
    }

    [Fact]
    public void NextFireOf_PausedJob_IsNoneUntilItIsResumed()
    {
        _plan.Apply(File(Job("a")), T0);

        _plan.SetPaused(Set("a"), T0 + (5 * S));
        Assert.Null(_plan.NextFireOf("a"));
        Assert.Equal([KeyValuePair.Create("a", (DateTimeOffset?)null)], _plan.NextFires);

        _plan.SetPaused(None, T0 + (5 * S));
        Assert.Equal(T0 + (10 * S), _plan.NextFireOf("a"));
    }

    [Fact]
    public void SetPaused_ResumedFireOnceJob_FiresTheLatestWithheldInstantOnceThenItsSchedule()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.SetPaused(Set("a"), T0);
        Run(T0 + (45 * S));
        _plan.DrainNotices();

        _plan.SetPaused(None, T0 + (45 * S));

        Assert.Equal(new PlanNotice.PauseLifted("a", 4, MisfirePolicy.FireOnce, T0 + (40 * S)), Assert.Single(_plan.DrainNotices()));
        Assert.Equal([T0 + (40 * S)], Run(T0 + (45 * S)).Select(f => f.ScheduledAt));
        Assert.Equal([T0 + (50 * S), T0 + (60 * S)], Run(T0 + (60 * S)).Select(f => f.ScheduledAt));
    }

    [Fact]
    public void SetPaused_ResumedSkipJob_FiresNothingBeforeItsNextInstant()
    {
        _plan.Apply(File(Job("a") with { MisfirePolicy = MisfirePolicy.Skip }), T0);
        _plan.SetPaused(Set("a"), T0);
        Run(T0 + (45 * S));

        _plan.SetPaused(None, T0 + (45 * S));

        Assert.Equal(new PlanNotice.PauseLifted("a", 4, MisfirePolicy.Skip, null), _plan.DrainNotices().OfType<PlanNotice.PauseLifted>().Single());
        Assert.Empty(Run(T0 + (49 * S)));
        Assert.Equal([T0 + (50 * S)], Run(T0 + (50 * S)).Select(f => f.ScheduledAt));
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(4, false)]
    public void SetPaused_ResumedFireAllJob_CatchesUpOnlyWithinItsWindowAndNeverReplaysTheRest(int windowSeconds, bool catchesUp)
    {
        _plan.Apply(File(Job("a") with { MisfirePolicy = MisfirePolicy.FireAll, CatchUpWindow = TimeSpan.FromSeconds(windowSeconds) }), T0);
        _plan.SetPaused(Set("a"), T0);
        Run(T0 + (45 * S));

        _plan.SetPaused(None, T0 + (45 * S));

        Assert.Equal(catchesUp ? [T0 + (40 * S)] : [], Run(T0 + (45 * S)).Select(f => f.ScheduledAt));
    }

    [Fact]
    public void SetPaused_ResumedBeforeAnyInstantCameDue_CatchesUpOnNothing()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.SetPaused(Set("a"), T0 + (1 * S));

        _plan.SetPaused(None, T0 + (5 * S));

        Assert.Equal(new PlanNotice.PauseLifted("a", 0, MisfirePolicy.FireOnce, null), Assert.Single(_plan.DrainNotices()));
        Assert.Equal([T0 + (10 * S)], Run(T0 + (10 * S)).Select(f => f.ScheduledAt));
    }

    [Fact]
    public void SetPaused_ResumedWhenTheNextInstantIsDueAlready_ThatInstantIsTheOnlyFire()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.SetPaused(Set("a"), T0);
        Run(T0 + (35 * S));

        // 40 s came due while paused but the loop has not withheld it yet.
        _plan.SetPaused(None, T0 + (41 * S));

        Assert.Null(_plan.DrainNotices().OfType<PlanNotice.PauseLifted>().Single().CatchUp);
        Assert.Equal([T0 + (40 * S)], Run(T0 + (41 * S)).Select(f => f.ScheduledAt));
    }

    [Fact]
    public void SetPaused_PausedWhileAFireIsBeingPublished_ThatFireCompletesAndLaterInstantsAreWithheld()
    {
        _plan.Apply(File(Job("a")), T0);
        Assert.True(_plan.TryTakeDue(T0 + (10 * S), out var inFlight));

        _plan.SetPaused(Set("a"), T0 + (10 * S));
        _plan.Complete(inFlight);

        Assert.Empty(Run(T0 + (25 * S)));
        Assert.Equal([T0 + (20 * S)], Notices<PlanNotice.FireWithheld>().Select(w => w.ScheduledAt));
    }

    [Fact]
    public void SetPaused_SuspendedJobResumedAtRuntime_StaysSuspended()
    {
        _plan.Apply(File(Job("a") with { Suspend = true }), T0);
        _plan.SetPaused(Set("a"), T0);

        _plan.SetPaused(None, T0 + (15 * S));

        Assert.Empty(Run(T0 + (25 * S)));
        Assert.All(Notices<PlanNotice.FireWithheld>(), w => Assert.True(w.Suspended));
        Assert.Empty(_plan.DrainNotices().OfType<PlanNotice.PauseLifted>());
    }

    [Fact]
    public void SetPaused_NamesNoJobInThePlan_AreIgnored()
    {
        _plan.Apply(File(Job("a")), T0);

        _plan.SetPaused(Set("not-in-the-file"), T0);
        _plan.SetPaused(None, T0);

        Assert.Equal([T0 + (10 * S)], Run(T0 + (10 * S)).Select(f => f.ScheduledAt));
        Assert.Empty(_plan.DrainNotices());
    }

    [Fact]
    public void Apply_JobPausedAtRuntime_StaysPausedThroughAReloadAndANewJobOfThatNameStartsPaused()
    {
        _plan.SetPaused(Set("a", "later"), T0);
        _plan.Apply(File(Job("a")), T0);
        _plan.Apply(File(Job("a") with { Command = "echo changed" }, Job("later")), T0 + (1 * S));

        Assert.Empty(Run(T0 + (15 * S)));
        Assert.Equal(["a", "later"], Notices<PlanNotice.FireWithheld>().Select(w => w.Job).Order());
    }

    [Fact]
    public void Apply_RescheduledWhilePaused_ForgetsTheInstantsWithheldUnderTheOldSchedule()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.SetPaused(Set("a"), T0);
        Run(T0 + (25 * S));
        _plan.Apply(File(Job("a", "every 60s+30s")), T0 + (25 * S));

        _plan.SetPaused(None, T0 + (26 * S));

        Assert.Null(_plan.DrainNotices().OfType<PlanNotice.PauseLifted>().Single().CatchUp);
        Assert.Equal([T0 + (30 * S)], Run(T0 + (30 * S)).Select(f => f.ScheduledAt));
    }

    [Fact]
    public void Checkpoint_WithheldInstants_AreAccountedForAndAPendingCatchUpIsOwed()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.SetPaused(Set("a"), T0);
        Run(T0 + (35 * S));

        var paused = _plan.Checkpoint(T0 + (35 * S));
        _plan.SetPaused(None, T0 + (36 * S));
        var resumed = _plan.Checkpoint(T0 + (36 * S));

        // A successor resuming from the first misses nothing and replays nothing: no job was owed a fire.
        Assert.Empty(paused.Pending);
        Assert.Equal(T0 + (35 * S), ResumePoint.From(paused, new Dictionary<string, DateTimeOffset>()).PositionOf("a"));
        // From the second it owes the catch-up: fireOnce publishes it.
        Assert.Equal(T0 + (30 * S), resumed.Pending["a"]);
        var successor = new SchedulePlan(_schedules.For);
        successor.Resume(File(Job("a")), T0 + (37 * S), ResumePoint.From(resumed, new Dictionary<string, DateTimeOffset>()));
        Assert.True(successor.TryTakeDue(T0 + (37 * S), out var caughtUp));
        Assert.Equal(T0 + (30 * S), caughtUp.ScheduledAt);
    }

    [Fact]
    public void TryTakeDue_PauseAndResumeManyTimes_NeverHandsOutAnInstantTwiceNorOneThatWasWithheldWithoutAResume()
    {
        _plan.Apply(File(Job("a"), Job("b", "every 250ms")), T0);
        var random = new Random(11);
        var fired = new List<(string Job, DateTimeOffset At)>();
        var withheld = new List<(string Job, DateTimeOffset At)>();
        var caughtUp = new List<(string Job, DateTimeOffset At)>();
        for (var now = T0; now <= T0 + TimeSpan.FromMinutes(10); now += TimeSpan.FromMilliseconds(random.Next(50, 3_000)))
        {
            if (random.Next(4) == 0)
            {
                _plan.SetPaused(random.Next(3) switch { 0 => None, 1 => Set("a"), _ => Set("a", "b") }, now);
            }

            fired.AddRange(Run(now).Select(f => (f.Job.Name, f.ScheduledAt)));
            foreach (var notice in _plan.DrainNotices())
            {
                switch (notice)
                {
                    case PlanNotice.FireWithheld w:
                        withheld.Add((w.Job, w.ScheduledAt));
                        break;
                    case PlanNotice.PauseLifted { CatchUp: { } at } lifted:
                        caughtUp.Add((lifted.Job, at));
                        break;
                }
            }
        }

        Assert.Equal(fired.Count, fired.Distinct().Count());
        Assert.All(fired.Intersect(withheld), instant => Assert.Contains(instant, caughtUp));
        Assert.All(caughtUp, instant => Assert.Contains(instant, fired));
        Assert.True(withheld.Count > 100, "the walk paused jobs often enough to mean something");
    }

    private static HashSet<string> Set(params string[] jobs) => [.. jobs];

    /// <summary>Takes and completes every fire due up to <paramref name="until"/>, second by second.</summary>
    private List<DueFire> Run(DateTimeOffset until)
    {
        var taken = new List<DueFire>();
        while (_plan.NextWakeAt is { } due && due <= until)
        {
            while (_plan.TryTakeDue(due, out var fire))
            {
                taken.Add(fire);
                _plan.Complete(fire);
            }
        }

        return taken;
    }

    private List<T> Notices<T>() where T : PlanNotice => [.. _plan.DrainNotices().OfType<T>()];
}
