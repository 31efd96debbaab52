using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;
using KafkaCron.Scheduler.Tests.TestSupport;
using static KafkaCron.Scheduler.Tests.TestSupport.Jobs;

namespace KafkaCron.Scheduler.Tests.Scheduling;

public sealed class SchedulePlanTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private readonly TestSchedules _schedules = new();
    private readonly SchedulePlan _plan;

    public SchedulePlanTests()
    {
        _plan = new SchedulePlan(_schedules.For);
    }

    [Fact]
    public void Apply_NewJobLoadedOnAnInstantOfItsSchedule_FirstFireIsStrictlyAfterTheLoad()
    {
        _plan.Apply(File(Job("a")), T0);

        Assert.Equal(T0 + (10 * S), _plan.NextFireOf("a"));
        Assert.Equal(T0 + (10 * S), _plan.NextWakeAt);
    }

    [Fact]
    public void TryTakeDue_OneTickBeforeTheInstant_HandsOutNothing_AtTheInstant_HandsOutTheFire()
    {
        _plan.Apply(File(Job("a")), T0);

        Assert.False(_plan.TryTakeDue(T0 + (10 * S) - TimeSpan.FromTicks(1), out _));
        Assert.True(_plan.TryTakeDue(T0 + (10 * S), out var fire));
        Assert.Equal("a", fire.Job.Name);
        Assert.Equal(T0 + (10 * S), fire.ScheduledAt);
        Assert.Equal(0, fire.Deferrals);
        Assert.Equal(7, fire.FireId.Version);
        Assert.False(_plan.TryTakeDue(T0 + (10 * S), out _));
    }

    [Fact]
    public void TryTakeDue_ManyJobsDueAtOneInstant_HandsOutEachOnceInJobFileOrder()
    {
        var names = Enumerable.Range(0, 50).Select(i => $"job-{49 - i}").ToArray();
        _plan.Apply(File([.. names.Select(n => Job(n))]), T0);

        var taken = TakeAll(T0 + (10 * S));

        Assert.Equal(names, taken.Select(f => f.Job.Name));
        Assert.All(taken, f => Assert.Equal(T0 + (10 * S), f.ScheduledAt));
    }

    [Fact]
    public void TryTakeDue_JobsDueAtDifferentInstants_HandsThemOutEarliestFirst()
    {
        _plan.Apply(File(Job("late", "every 60s+30s"), Job("early", "every 60s+10s"), Job("middle", "every 60s+20s")), T0);

        var taken = TakeAll(T0 + (60 * S));

        Assert.Equal(["early", "middle", "late"], taken.Select(f => f.Job.Name));
    }

    [Fact]
    public void Complete_PlansTheNextFireStrictlyAfterTheFiredInstant()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);

        _plan.Complete(fire!);

        Assert.Equal(T0 + (20 * S), _plan.NextFireOf("a"));
        Assert.False(_plan.TryTakeDue(T0 + (20 * S) - Ms, out _));
        Assert.True(_plan.TryTakeDue(T0 + (20 * S), out var second));
        Assert.Equal(T0 + (20 * S), second.ScheduledAt);
        Assert.NotEqual(fire!.FireId, second.FireId);
    }

    [Fact]
    public void Complete_TheSameFireTwice_Throws()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);
        _plan.Complete(fire!);

        Assert.Throws<InvalidOperationException>(() => _plan.Complete(fire!));
    }

    [Fact]
    public void TryTakeDue_WhileTheJobsFireIsBeingPublished_DoesNotHandOutTheJobAgain()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);

        Assert.False(_plan.TryTakeDue(T0 + (35 * S), out _));

        _plan.Complete(fire!);
        // Late, not lost: the instants passed meanwhile are handed out one by one, each once, in order.
        var taken = new List<DateTimeOffset>();
        while (_plan.TryTakeDue(T0 + (35 * S), out var next))
        {
            taken.Add(next.ScheduledAt);
            _plan.Complete(next);
        }

        Assert.Equal([T0 + (20 * S), T0 + (30 * S)], taken);
    }

    [Fact]
    public void TryTakeDue_SuspendedJob_NeverFires()
    {
        _plan.Apply(File(Job("a") with { Suspend = true }, Job("b")), T0);

        var fired = new List<string>();
        for (var now = T0; now <= T0 + TimeSpan.FromHours(1); now += S)
        {
            while (_plan.TryTakeDue(now, out var fire))
            {
                fired.Add(fire.Job.Name);
                _plan.Complete(fire);
            }
        }

        Assert.Equal(360, fired.Count);
        Assert.All(fired, name => Assert.Equal("b", name));
        Assert.Null(_plan.NextFireOf("a"));
        Assert.Equal(2, _plan.JobCount);
    }

    [Fact]
    public void Apply_UnchangedJobReloadedAtItsDueInstantBeforeItWasTaken_FiresExactlyOnce()
    {
        var file = File(Job("a"));
        _plan.Apply(file, T0);

        var changes = _plan.Apply(file with { Jobs = [Job("a"), Job("b")] }, T0 + (10 * S));

        Assert.Equal(new PlanChanges(Kept: 1, Added: 1, Rescheduled: 0, Removed: 0, Suspended: 0), changes);
        var taken = TakeAll(T0 + (10 * S));
        Assert.Equal(["a"], taken.Select(f => f.Job.Name));
        Assert.Equal(T0 + (20 * S), _plan.NextFireOf("b"));
    }

    [Fact]
    public void Apply_UnchangedJobReloadedAtItsDueInstantAfterItFired_DoesNotFireItAgain()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);
        _plan.Complete(fire!);

        _plan.Apply(File(Job("a")), T0 + (10 * S));

        Assert.Empty(TakeAll(T0 + (10 * S)));
        Assert.Equal(T0 + (20 * S), _plan.NextFireOf("a"));
    }

    [Fact]
    public void Apply_UnchangedJobReloadedWhileItsFireIsBeingPublished_KeepsThePositionAndDoesNotDouble()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);

        _plan.Apply(File(Job("a") with { Command = "echo changed" }), T0 + (10 * S));
        Assert.Empty(TakeAll(T0 + (10 * S)));
        _plan.Complete(fire!);

        var next = TakeAll(T0 + (20 * S));
        Assert.Equal([T0 + (20 * S)], next.Select(f => f.ScheduledAt));
        Assert.Equal("echo changed", next[0].Job.Command);
    }

    [Fact]
    public void Apply_ChangedSchedule_RecomputesStrictlyAfterTheReload()
    {
        _plan.Apply(File(Job("a")), T0);

        var changes = _plan.Apply(File(Job("a", "every 3s")), T0 + (6 * S));

        Assert.Equal(1, changes.Rescheduled);
        Assert.Equal(T0 + (9 * S), _plan.NextFireOf("a"));
    }

    [Fact]
    public void Apply_ChangedTimeZone_CountsAsARescheduleEvenWithTheSameExpression()
    {
        _plan.Apply(File(Job("a")), T0);

        var changes = _plan.Apply(File(Job("a") with { TimeZone = "Europe/Paris" }), T0 + (6 * S));

        Assert.Equal(1, changes.Rescheduled);
    }

    [Fact]
    public void Apply_ChangedScheduleWithTheClockBehindTheLastFire_RecomputesStrictlyAfterTheLastFire()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);
        _plan.Complete(fire!);

        // The wall clock was stepped back by a minute.
        _plan.Apply(File(Job("a", "every 5s")), T0 - (50 * S));

        Assert.Equal(T0 + (15 * S), _plan.NextFireOf("a"));
    }

    [Fact]
    public void Apply_ChangedWhileItsOldFireIsBeingPublished_IgnoresTheOldFiresAnswer()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);

        _plan.Apply(File(Job("a", "every 4s")), T0 + (10 * S));
        _plan.Complete(fire!);

        Assert.Equal(T0 + (12 * S), _plan.NextFireOf("a"));
        Assert.Equal([T0 + (12 * S)], TakeAll(T0 + (13 * S)).Select(f => f.ScheduledAt));
    }

    [Fact]
    public void Apply_RemovedJob_NeverFiresAgainEvenWhenItsFireCompletesLater()
    {
        _plan.Apply(File(Job("a"), Job("b")), T0);
        var taken = TakeAll(T0 + (10 * S));

        var changes = _plan.Apply(File(Job("b")), T0 + (10 * S));
        foreach (var fire in taken)
        {
            _plan.Complete(fire);
        }

        Assert.Equal(1, changes.Removed);
        Assert.Null(_plan.NextFireOf("a"));
        Assert.All(TakeAll(T0 + TimeSpan.FromMinutes(5)), f => Assert.Equal("b", f.Job.Name));
    }

    [Fact]
    public void Apply_SuspendThenUnsuspend_KeepsThePositionAndCatchesUpOnceOnTheLatestWithheldInstant()
    {
        _plan.Apply(File(Job("a")), T0);
        var suspend = _plan.Apply(File(Job("a") with { Suspend = true }), T0 + (5 * S));
        Assert.Empty(TakeAll(T0 + (35 * S)));

        var resume = _plan.Apply(File(Job("a")), T0 + (35 * S));

        Assert.Equal(1, suspend.Suspended);
        Assert.Equal(1, suspend.Kept);
        Assert.Equal(1, resume.Kept);
        Assert.Equal([T0 + (30 * S)], TakeAll(T0 + (35 * S)).Select(f => f.ScheduledAt));
    }

    [Fact]
    public void Apply_SameNameTwice_Throws()
    {
        Assert.Throws<ArgumentException>(() => _plan.Apply(File(Job("a"), Job("a")), T0));
    }

    [Fact]
    public void Apply_ScheduleThatCannotBeBuilt_ThrowsAndLeavesThePlanAsItWas()
    {
        _plan.Apply(File(Job("a"), Job("b")), T0);

        Assert.Throws<InvalidOperationException>(() => _plan.Apply(File(Job("b", "every 3s"), Job("c", "explode")), T0 + S));

        Assert.Equal(2, _plan.JobCount);
        Assert.Equal(["a", "b"], TakeAll(T0 + (10 * S)).Select(f => f.Job.Name));
    }

    [Fact]
    public void Defer_FailedFire_IsHandedOutAgainAtTheRetryInstantWithTheSameFireId()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);

        var retryAt = _plan.Defer(fire!, T0 + (10 * S), T0 + (11 * S));

        Assert.Equal(T0 + (11 * S), retryAt);
        Assert.Equal(1, _plan.PendingCount);
        Assert.False(_plan.TryTakeDue(T0 + (11 * S) - Ms, out _));
        Assert.True(_plan.TryTakeDue(T0 + (11 * S), out var retry));
        Assert.Equal(fire!.ScheduledAt, retry.ScheduledAt);
        Assert.Equal(fire.FireId, retry.FireId);
        Assert.Equal(1, retry.Deferrals);
        _plan.Complete(retry);
        Assert.Equal(0, _plan.PendingCount);
        Assert.Equal(T0 + (20 * S), _plan.NextFireOf("a"));
    }

    [Fact]
    public void Defer_FireOncePolicy_FoldsTheInstantsMissedMeanwhileIntoOneFireOfTheLatest()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);
        _plan.Defer(fire!, T0 + (10 * S), T0 + (45 * S));

        var taken = TakeAll(T0 + (45 * S));

        // 10 s (the failed one), 20 s and 30 s are skipped; 40 s fires once.
        Assert.Equal([T0 + (40 * S)], taken.Select(f => f.ScheduledAt));
        Assert.Equal(3, taken[0].SkippedMisfires);
        Assert.NotEqual(fire!.FireId, taken[0].FireId);
        var notice = Assert.IsType<PlanNotice.MisfiresSkipped>(Assert.Single(_plan.DrainNotices()));
        Assert.Equal(3, notice.Count);
        _plan.Complete(taken[0]);
        Assert.Equal(T0 + (50 * S), _plan.NextFireOf("a"));
    }

    [Fact]
    public void Defer_FireOncePolicyAfterADayLongOutage_FoldsOntoTheExactLatestInstant()
    {
        _plan.Apply(File(Job("a", "every 1s")), T0);
        _plan.TryTakeDue(T0 + S, out var fire);
        var back = T0 + TimeSpan.FromDays(1) + (500 * Ms);
        _plan.Defer(fire!, T0 + S, back);

        var folded = Assert.Single(TakeAll(back));

        Assert.Equal(T0 + TimeSpan.FromDays(1), folded.ScheduledAt);
        // 86,399 instants were missed; counting stops at 10,000 so that a long outage cannot stall the loop.
        Assert.Equal(10_000, folded.SkippedMisfires);
    }

    [Fact]
    public void Defer_FireOncePolicyWithNothingMissed_RetriesTheSameInstant()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);
        _plan.Defer(fire!, T0 + (10 * S), T0 + (12 * S));

        var retry = Assert.Single(TakeAll(T0 + (12 * S)));

        Assert.Equal(T0 + (10 * S), retry.ScheduledAt);
        Assert.Equal(0, retry.SkippedMisfires);
        Assert.Empty(_plan.DrainNotices());
    }

    [Fact]
    public void Defer_FireAllPolicy_PublishesEveryMissedInstantWithinTheCatchUpWindow()
    {
        _plan.Apply(File(Job("a") with { MisfirePolicy = MisfirePolicy.FireAll, CatchUpWindow = TimeSpan.FromSeconds(25) }), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);
        _plan.Defer(fire!, T0 + (10 * S), T0 + (45 * S));

        var published = new List<DateTimeOffset>();
        while (_plan.TryTakeDue(T0 + (45 * S), out var next))
        {
            published.Add(next.ScheduledAt);
            _plan.Complete(next);
        }

        // The window reaches back to 20 s: 10 s is dropped, 20 s, 30 s and 40 s are published in order.
        Assert.Equal([T0 + (20 * S), T0 + (30 * S), T0 + (40 * S)], published);
        var notice = Assert.IsType<PlanNotice.MisfiresSkipped>(Assert.Single(_plan.DrainNotices()));
        Assert.Equal(1, notice.Count);
    }

    [Fact]
    public void Defer_FireAllPolicyWithAWindowShorterThanTheGap_ResumesInTheFuture()
    {
        _plan.Apply(File(Job("a") with { MisfirePolicy = MisfirePolicy.FireAll, CatchUpWindow = TimeSpan.FromSeconds(3) }), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);
        _plan.Defer(fire!, T0 + (10 * S), T0 + (45 * S));

        Assert.Empty(TakeAll(T0 + (45 * S)));
        Assert.Equal(T0 + (50 * S), _plan.NextFireOf("a"));
        var notice = Assert.IsType<PlanNotice.MisfiresSkipped>(Assert.Single(_plan.DrainNotices()));
        Assert.Equal(4, notice.Count);
    }

    [Fact]
    public void Defer_SkipPolicy_DropsTheFireAndResumesWithTheNextFutureInstant()
    {
        _plan.Apply(File(Job("a") with { MisfirePolicy = MisfirePolicy.Skip }), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);

        var retryAt = _plan.Defer(fire!, T0 + (22 * S), T0 + (23 * S));

        Assert.Null(retryAt);
        Assert.Equal(0, _plan.PendingCount);
        Assert.Equal(T0 + (30 * S), _plan.NextFireOf("a"));
        var notice = Assert.IsType<PlanNotice.MisfiresSkipped>(Assert.Single(_plan.DrainNotices()));
        Assert.Equal(2, notice.Count);
        Assert.Equal(T0 + (30 * S), notice.Resume);
    }

    [Fact]
    public void Apply_ChangedJobWithAPendingFire_SupersedesItWithANotice()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);
        _plan.Defer(fire!, T0 + (10 * S), T0 + (11 * S));

        _plan.Apply(File(Job("a", "every 7s")), T0 + (10500 * Ms));

        var notice = Assert.IsType<PlanNotice.PendingFireSuperseded>(Assert.Single(_plan.DrainNotices()));
        Assert.Equal(T0 + (10 * S), notice.ScheduledAt);
        Assert.Equal(T0 + (14 * S), _plan.NextFireOf("a"));
        Assert.Empty(TakeAll(T0 + (13 * S)));
    }

    [Fact]
    public void Defer_AfterTheJobWasRemoved_ReportsTheFireAsSuperseded()
    {
        _plan.Apply(File(Job("a")), T0);
        _plan.TryTakeDue(T0 + (10 * S), out var fire);
        _plan.Apply(File(), T0 + (10 * S));

        Assert.Null(_plan.Defer(fire!, T0 + (10 * S), T0 + (11 * S)));

        Assert.IsType<PlanNotice.PendingFireSuperseded>(Assert.Single(_plan.DrainNotices()));
        Assert.Null(_plan.NextWakeAt);
    }

    [Theory]
    [InlineData("stuck")]
    [InlineData("backwards")]
    public void Apply_ScheduleAnsweringAnInstantNotAfterItsArgument_StopsTheJobWithANotice(string schedule)
    {
        _plan.Apply(File(Job("bad", schedule), Job("good")), T0);

        Assert.Null(_plan.NextFireOf("bad"));
        Assert.IsType<PlanNotice.ScheduleMisbehaved>(Assert.Single(_plan.DrainNotices()));
        Assert.Equal(["good"], TakeAll(T0 + (10 * S)).Select(f => f.Job.Name));
    }

    [Fact]
    public void Complete_ScheduleThatStartsMisbehavingAfterAFire_StopsTheJobInsteadOfLooping()
    {
        _plan.Apply(File(Job("a", "good-then-stuck")), T0);
        var fire = Assert.Single(TakeAll(T0 + (10 * S)));

        _plan.Complete(fire);

        Assert.Null(_plan.NextWakeAt);
        Assert.IsType<PlanNotice.ScheduleMisbehaved>(Assert.Single(_plan.DrainNotices()));
    }

    [Fact]
    public void Apply_ScheduleWithNoFurtherInstant_ReportsThatItEnded()
    {
        _plan.Apply(File(Job("a", "never")), T0);

        Assert.Null(_plan.NextWakeAt);
        Assert.IsType<PlanNotice.ScheduleEnded>(Assert.Single(_plan.DrainNotices()));
    }

    [Fact]
    public void TryTakeDue_TenThousandJobs_FireEachOnceInDueOrderConsultingOnlyTheFiredJobsSchedule()
    {
        const int count = 10_000;
        // Job i is due i ms into each 10 s period: 10,000 distinct instants.
        _plan.Apply(File([.. Enumerable.Range(0, count).Select(i => Job($"job-{i}", $"every 10s+{i}ms"))]), T0 - Ms);
        var callsAfterLoad = _schedules.NextAfterCalls;

        var fired = new List<DueFire>();
        for (var now = T0; now < T0 + (10 * S); now += Ms)
        {
            while (_plan.TryTakeDue(now, out var fire))
            {
                Assert.Equal(now, fire.ScheduledAt);
                fired.Add(fire);
                _plan.Complete(fire);
            }
        }

        Assert.Equal(count, callsAfterLoad);
        Assert.Equal(count, fired.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"job-{i}"), fired.Select(f => f.Job.Name));
        // One schedule consultation per fire: the plan never walked the other 9,999 jobs to find the next one.
        Assert.Equal(2 * count, _schedules.NextAfterCalls);
    }

    [Fact]
    public void TryTakeDue_RandomJobsAndClockSteps_NeverEarlyNeverTwiceNeverDropped()
    {
        var random = new Random(20260101);
        var periods = Enumerable.Range(0, 200).Select(_ => random.Next(1, 50) * 100).ToArray();
        _plan.Apply(File([.. periods.Select((p, i) => Job($"job-{i}", $"every {p}ms"))]), T0);
        var fired = periods.Select(_ => new List<DateTimeOffset>()).ToArray();

        var now = T0;
        var end = T0 + TimeSpan.FromMinutes(2);
        while (now < end)
        {
            now += TimeSpan.FromMilliseconds(random.Next(1, 700));
            while (_plan.TryTakeDue(now, out var fire))
            {
                Assert.True(fire.ScheduledAt <= now, "a fire was handed out before its instant");
                fired[int.Parse(fire.Job.Name[4..], System.Globalization.CultureInfo.InvariantCulture)].Add(fire.ScheduledAt);
                _plan.Complete(fire);
            }
        }

        for (var i = 0; i < periods.Length; i++)
        {
            var schedule = new TestSchedules.Every(TimeSpan.FromMilliseconds(periods[i]), TimeSpan.Zero);
            var expected = new List<DateTimeOffset>();
            for (var at = schedule.NextAfter(T0)!.Value; at <= now; at = schedule.NextAfter(at)!.Value)
            {
                expected.Add(at);
            }

            Assert.Equal(expected, fired[i]);
        }
    }

    private List<DueFire> TakeAll(DateTimeOffset now)
    {
        var taken = new List<DueFire>();
        while (_plan.TryTakeDue(now, out var fire))
        {
            taken.Add(fire);
        }

        return taken;
    }
}
