using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Scheduler.Engine;
using KafkaCron.Scheduler.Tests.TestSupport;
using static KafkaCron.Scheduler.Tests.TestSupport.Jobs;

namespace KafkaCron.Scheduler.Tests.Engine;

public sealed class SchedulerEngineTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task RunAsync_ClockOneMillisecondBeforeTheInstant_PublishesNothing_AtTheInstant_PublishesOnce()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a")));

        await h.AdvanceAsync((10 * S) - Ms);
        Assert.Empty(h.Publisher.Attempts);

        await h.AdvanceAsync(Ms);
        var fire = Assert.Single(h.Publisher.Published);
        Assert.Equal("a", fire.Job);
        Assert.Equal(T0 + (10 * S), fire.ScheduledAt);
        Assert.Equal(T0 + (10 * S), fire.PublishedAt);
    }

    [Fact]
    public async Task RunAsync_ClockJumpsFarAhead_PublishesEachPassedInstantOnceAndNoneEarly()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a")));

        await h.AdvanceAsync(35 * S);

        Assert.Equal([T0 + (10 * S), T0 + (20 * S), T0 + (30 * S)], h.Publisher.Published.Select(f => f.ScheduledAt));
        Assert.All(h.Publisher.Published, f => Assert.True(f.PublishedAt >= f.ScheduledAt));
    }

    [Fact]
    public async Task RunAsync_ClockPassesTheNextInstantDuringATurn_PublishesItWithoutSleepingFirst()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("slow"), Job("next", "every 10s+300ms")), new SchedulerTerm
        {
            // Handing "slow" over takes half a second of the clock, past the instant of "next"; no outcome comes back
            // meanwhile to wake the loop.
            MayPublish = () =>
            {
                if (h.Time.GetUtcNow() == T0 + (10 * S))
                {
                    h.Time.Advance(500 * Ms);
                }

                return true;
            },
        });
        await h.AdvanceAsync(S);
        h.Publisher.Gate = new TaskCompletionSource();

        h.Time.Advance(9 * S);

        await WaitUntil(() => h.Publisher.Attempts.Any(f => f.Job == "next" && f.ScheduledAt == T0 + (10 * S) + (300 * Ms)));
        Assert.Equal(T0 + (10 * S) + (500 * Ms), h.Publisher.Attempts[^1].PublishedAt);
        h.Publisher.Gate.SetResult();
    }

    [Fact]
    public async Task RunAsync_ManyJobsDueAtTheSameInstant_PublishesEachOnceInJobFileOrder()
    {
        await using var h = new EngineHarness();
        var names = Enumerable.Range(0, 200).Select(i => $"job-{i:D3}").ToArray();
        await h.StartAsync(File([.. names.Select(n => Job(n))]));

        await h.AdvanceAsync(10 * S);

        Assert.Equal(names, h.Publisher.Published.Select(f => f.Job));
        Assert.All(h.Publisher.Published, f => Assert.Equal(T0 + (10 * S), f.ScheduledAt));
    }

    [Fact]
    public async Task RunAsync_TenThousandJobs_EachPublishedOnceAtItsInstant()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File([.. Enumerable.Range(0, 10_000).Select(i => Job($"job-{i}", $"every 60s+{i % 60}s"))]));

        // The fake clock moves to the end of a step before it runs the timers within it: step through each second.
        for (var second = 0; second < 60; second++)
        {
            await h.AdvanceAsync(S);
        }

        var published = h.Publisher.Published;
        Assert.Equal(10_000, published.Count);
        Assert.Equal(10_000, published.Select(f => f.Job).Distinct().Count());
        Assert.All(published, f => Assert.Equal(f.ScheduledAt, f.PublishedAt));
        // One schedule consultation per job at load and one per fire: no scan over all jobs per wake-up.
        Assert.Equal(20_000, h.Schedules.NextAfterCalls);
    }

    [Fact]
    public async Task RunAsync_SuspendedJob_IsNeverPublished()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("off") with { Suspend = true }, Job("on")));

        await h.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(6, h.Publisher.Published.Count);
        Assert.All(h.Publisher.Published, f => Assert.Equal("on", f.Job));
    }

    [Fact]
    public async Task RunAsync_Fire_CarriesTheJobDefinitionAndTheEpoch()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a", cluster: "cluster-b") with { Timeout = TimeSpan.FromSeconds(30) }), epoch: 42);

        await h.AdvanceAsync(10 * S);

        var fire = Assert.Single(h.Publisher.Published);
        Assert.Equal("cluster-b", fire.Cluster);
        Assert.Equal("echo a", fire.Command);
        Assert.Equal(30, fire.TimeoutSeconds);
        Assert.Equal(42, fire.Epoch);
        Assert.Equal(1, fire.Attempt);
        Assert.Equal(7, Guid.Parse(fire.FireId).Version);
    }

    [Fact]
    public async Task Apply_AtTheDueInstantAfterTheFire_NeitherDoublesNorDropsIt()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a")));
        await h.AdvanceAsync(10 * S);

        await h.ApplyAsync(File(Job("a"), Job("b")));
        Assert.Single(h.Publisher.Published);

        await h.AdvanceAsync(10 * S);
        Assert.Equal(
            [("a", T0 + (10 * S)), ("a", T0 + (20 * S)), ("b", T0 + (20 * S))],
            h.Publisher.Published.Select(f => (f.Job, f.ScheduledAt)));
    }

    [Fact]
    public async Task Apply_JustBeforeTheDueInstant_KeepsThePositionAndPublishesTheNewDefinition()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a")));
        await h.AdvanceAsync((10 * S) - Ms);

        await h.ApplyAsync(File(Job("a") with { Command = "echo reloaded" }));
        await h.AdvanceAsync(Ms);

        var fire = Assert.Single(h.Publisher.Published);
        Assert.Equal(T0 + (10 * S), fire.ScheduledAt);
        Assert.Equal("echo reloaded", fire.Command);
    }

    [Fact]
    public async Task Apply_ChangedScheduleAndRemovedJob_RescheduleAndStop()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a"), Job("gone")));
        await h.AdvanceAsync(10 * S);

        await h.AdvanceAsync(500 * Ms);
        await h.ApplyAsync(File(Job("a", "every 3s")));
        await h.AdvanceAsync(10 * S);

        Assert.Equal(
            [("a", T0 + (10 * S)), ("gone", T0 + (10 * S)), ("a", T0 + (12 * S)), ("a", T0 + (15 * S)), ("a", T0 + (18 * S))],
            h.Publisher.Published.Select(f => (f.Job, f.ScheduledAt)));
        Assert.Equal(1, h.Metrics.Of(KafkaCronMetricsNames.JobsLoaded)[^1].Value);
    }

    [Fact]
    public async Task Apply_ReloadThatCannotBeApplied_KeepsTheRunningSchedule()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a")));

        await h.ApplyAsync(File(Job("b", "explode")));
        await h.AdvanceAsync(10 * S);

        Assert.Single(h.Logger.OfEvent(2016));
        Assert.Equal(["a"], h.Publisher.Published.Select(f => f.Job));
    }

    [Fact]
    public async Task RunAsync_PublishFails_FireStaysPendingAndIsRetriedWithBackoffUntilPublished()
    {
        await using var h = new EngineHarness();
        var failures = 0;
        h.Publisher.Behaviour = _ => ++failures <= 3 ? new FirePublishException("broker unreachable") : null;
        await h.StartAsync(File(Job("a")));

        await h.AdvanceAsync(10 * S);
        await h.AdvanceAsync(1 * S);
        await h.AdvanceAsync(2 * S);
        Assert.Equal(3, h.Publisher.Attempts.Count);
        await h.AdvanceAsync((4 * S) - Ms);
        Assert.Equal(3, h.Publisher.Attempts.Count);
        Assert.Empty(h.Publisher.Published);
        await h.AdvanceAsync(Ms);

        var fire = Assert.Single(h.Publisher.Published);
        Assert.Equal(T0 + (10 * S), fire.ScheduledAt);
        Assert.Equal(T0 + (17 * S), fire.PublishedAt);
        Assert.All(h.Publisher.Attempts, attempt => Assert.Equal(fire.FireId, attempt.FireId));
        Assert.Equal(3, h.Metrics.Sum(KafkaCronMetricsNames.PublishErrors));
        Assert.All(h.Metrics.Of(KafkaCronMetricsNames.PublishErrors), m => Assert.Equal("cluster-a", m.Tags[MetricTags.Cluster]));
        Assert.All(h.Metrics.Of(KafkaCronMetricsNames.PublishErrors), m => Assert.False(m.Tags.ContainsKey(MetricTags.Job)));
        Assert.Equal(3, h.Logger.OfEvent(2005).Count);

        await h.AdvanceAsync(3 * S);
        Assert.Equal([T0 + (10 * S), T0 + (20 * S)], h.Publisher.Published.Select(f => f.ScheduledAt));
    }

    [Fact]
    public async Task RunAsync_PublisherCancelsByItself_FireIsKeptPendingNotForgotten()
    {
        await using var h = new EngineHarness();
        var failures = 0;
        h.Publisher.Behaviour = _ => ++failures == 1 ? new OperationCanceledException("the client gave up") : null;
        await h.StartAsync(File(Job("a")));

        await h.AdvanceAsync(10 * S);
        await h.AdvanceAsync(1 * S);

        var fire = Assert.Single(h.Publisher.Published);
        Assert.Equal(T0 + (10 * S), fire.ScheduledAt);
    }

    [Fact]
    public async Task RunAsync_TransientFailure_IsRetriedQuicklyWithoutSettingTheFireAside()
    {
        await using var h = new EngineHarness(new SchedulerOptions { PublishRetries = 2, PublishRetryDelayMs = 200 });
        var failures = 0;
        h.Publisher.Behaviour = _ => ++failures <= 2 ? new FirePublishException("leader moving") : null;
        await h.StartAsync(File(Job("a")));

        h.Time.Advance(10 * S);
        await h.AdvanceUntilAsync(() => h.Publisher.Published.Count == 1, 50 * Ms);

        Assert.Equal(3, h.Publisher.Attempts.Count);
        Assert.Equal(T0 + (10 * S), h.Publisher.Published[0].ScheduledAt);
        Assert.Empty(h.Metrics.Of(KafkaCronMetricsNames.PublishErrors));
    }

    [Fact]
    public async Task RunAsync_OneJobCannotBePublished_OtherJobsProceedOnTime()
    {
        await using var h = new EngineHarness();
        h.Publisher.Behaviour = fire => fire.Job == "bad"
            ? new FirePublishException("too large", PublishFailureKind.Permanent, null)
            : null;
        await h.StartAsync(File(Job("bad"), Job("good")));

        for (var i = 0; i < 6; i++)
        {
            await h.AdvanceAsync(5 * S);
        }

        Assert.Equal([T0 + (10 * S), T0 + (20 * S), T0 + (30 * S)], h.Publisher.Published.Select(f => f.ScheduledAt));
        Assert.All(h.Publisher.Published, f => Assert.Equal("good", f.Job));
        Assert.True(h.Publisher.Attempts.Count(f => f.Job == "bad") >= 3);
        Assert.NotEmpty(h.Metrics.Of(KafkaCronMetricsNames.PublishErrors));
    }

    [Fact]
    public async Task RunAsync_PublisherBrokenForGood_FailsTheRun()
    {
        await using var h = new EngineHarness();
        h.Publisher.Behaviour = _ => new FirePublishException("fenced", PublishFailureKind.Fatal, null);
        await h.StartAsync(File(Job("a")));

        h.Time.Advance(10 * S);

        var failure = await Assert.ThrowsAsync<FirePublishException>(() => h.Run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(PublishFailureKind.Fatal, failure.Kind);
    }

    [Fact]
    public async Task RunAsync_MoreDueFiresThanMaxInFlight_PublishesTheRestAsSlotsFreeUp()
    {
        await using var h = new EngineHarness(new SchedulerOptions { PublishRetries = 0, MaxInFlight = 2 });
        var gate = new TaskCompletionSource();
        h.Publisher.Gate = gate;
        await h.StartAsync(File([.. Enumerable.Range(0, 5).Select(i => Job($"job-{i}"))]));

        h.Time.Advance(10 * S);
        await WaitUntil(() => h.Logger.LastOf(2011, 2015) is { EventId: 2015 } idle && (int)idle.Values["InFlight"]! == 2);
        Assert.Equal(2, h.Publisher.Attempts.Count);

        gate.SetResult();
        await WaitUntil(() => h.Publisher.Published.Count == 5);
        Assert.All(h.Publisher.Published, f => Assert.Equal(T0 + (10 * S), f.ScheduledAt));
    }

    [Fact]
    public async Task RunAsync_ScheduleNotMovingForward_DoesNotHangTheLoop()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("stuck", "stuck"), Job("backwards", "backwards"), Job("good")));

        await h.AdvanceAsync(10 * S);

        Assert.Equal(["good"], h.Publisher.Published.Select(f => f.Job));
        Assert.Equal(2, h.Logger.OfEvent(2009).Count);
    }

    [Fact]
    public async Task RunAsync_AlreadyRunning_Throws()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a")));

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Engine.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_Metrics_CountPublishedFiresAndExposeJobsAndNextFires()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a", cluster: "cluster-b"), Job("b") with { Suspend = true }));

        await h.AdvanceAsync(10 * S);

        var published = Assert.Single(h.Metrics.Of(KafkaCronMetricsNames.FiresPublished));
        Assert.Equal("cluster-b", published.Tags[MetricTags.Cluster]);
        Assert.False(published.Tags.ContainsKey(MetricTags.Job));
        Assert.Equal(2, h.Metrics.Of(KafkaCronMetricsNames.JobsLoaded)[^1].Value);
        var next = h.Metrics.Of(KafkaCronMetricsNames.JobNextFire)[^1];
        Assert.Equal("a", next.Tags[MetricTags.Job]);
        Assert.Equal((T0 + (20 * S)).ToUnixTimeSeconds(), next.Value);
    }

    [Fact]
    public async Task RunAsync_CanaryFire_KeepsItsJobLabel()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job(CanaryJob.NameFor("cluster-a"))));

        await h.AdvanceAsync(10 * S);

        var published = Assert.Single(h.Metrics.Of(KafkaCronMetricsNames.FiresPublished));
        Assert.Equal(CanaryJob.NameFor("cluster-a"), published.Tags[MetricTags.Job]);
    }

    [Fact]
    public async Task RunAsync_FiresPublishedLate_RecordLatenessByClusterAndLogOneEpisode()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a")));

        await h.AdvanceAsync(35 * S);

        var lateness = h.Metrics.Of(KafkaCronMetricsNames.FireLateness);
        Assert.Equal([25.0, 15.0, 5.0], lateness.Select(m => m.Value));
        Assert.All(lateness, m => Assert.Equal(["cluster"], m.Tags.Keys));
        Assert.Single(h.Logger.OfEvent(2020));
        var caughtUp = Assert.Single(h.Logger.OfEvent(2021));
        Assert.Equal(25.0, (double)caughtUp.Values["WorstSeconds"]!);
        Assert.Equal(0, h.Metrics.Of(KafkaCronMetricsNames.SchedulerBehind)[^1].Value);

        await h.AdvanceAsync(5 * S);
        Assert.Equal(0, h.Metrics.Of(KafkaCronMetricsNames.FireLateness)[^1].Value);
        Assert.Single(h.Logger.OfEvent(2020));
    }

    [Fact]
    public async Task RunAsync_FiresDueButHeldBackByMaxInFlight_ReportBehindSchedule()
    {
        await using var h = new EngineHarness(new SchedulerOptions { PublishRetries = 0, MaxInFlight = 1 });
        h.Publisher.Gate = new TaskCompletionSource();
        await h.StartAsync(File(Job("a"), Job("b")));

        h.Time.Advance(12 * S);
        await WaitUntil(() => h.Logger.OfEvent(2020).Count == 1);
        Assert.Single(h.Publisher.Attempts);
        Assert.Equal(2.0, (double)h.Logger.OfEvent(2020)[0].Values["BehindSeconds"]!);
        h.Publisher.Gate.SetResult();
        await WaitUntil(() => h.Publisher.Published.Count == 2);
    }

    [Fact]
    public async Task RunAsync_StoppedWhileFiresAreBeingPublished_ReturnsAndReportsThemInOneLine()
    {
        await using var h = new EngineHarness();
        h.Publisher.Gate = new TaskCompletionSource();
        await h.StartAsync(File(Job("a"), Job("b"), Job("c")));

        h.Time.Advance(10 * S);
        await WaitUntil(() => h.Publisher.Attempts.Count == 3);
        await h.StopAsync();

        Assert.True(h.Run.IsCompletedSuccessfully);
        var summary = Assert.Single(h.Logger.OfEvent(2019));
        Assert.Equal(3, (int)summary.Values["Count"]!);
        Assert.Equal(T0 + (10 * S), (DateTimeOffset)summary.Values["Earliest"]!);
    }

    [Fact]
    public async Task RunAsync_NewTermAfterStop_StartsFromTheLatestJobFile()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a")));
        await h.StopAsync();
        h.Engine.Apply(File(Job("b")));
        var stoppedAt = h.Logger.LastOf(2011, 2015)!.Sequence;

        using var stop = new CancellationTokenSource();
        var second = Task.Run(() => h.Engine.RunAsync(epoch: 2, stop.Token));
        await WaitUntil(() => h.Logger.LastOf(2011, 2015)!.Sequence > stoppedAt);
        h.Time.Advance(10 * S);
        await WaitUntil(() => h.Publisher.Published.Count == 1);
        await stop.CancelAsync();
        await second.WaitAsync(TimeSpan.FromSeconds(20));

        var fire = Assert.Single(h.Publisher.Published);
        Assert.Equal(("b", 2L), (fire.Job, fire.Epoch!.Value));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(5);
        }
    }
}

/// <summary>Instrument names as <see cref="KafkaCronMetrics"/> creates them.</summary>
internal static class KafkaCronMetricsNames
{
    public const string FiresPublished = "kcron.fires.published";
    public const string PublishErrors = "kcron.publish.errors";
    public const string JobsLoaded = "kcron.jobs.loaded";
    public const string JobNextFire = "kcron.job.next_fire";
    public const string FireLateness = "kcron.fires.lateness";
    public const string SchedulerBehind = "kcron.scheduler.behind";
    public const string JobFileReloads = "kcron.job_file.reloads";
    public const string FiresSkipped = "kcron.fires.skipped";
    public const string SchedulerLeader = "kcron.scheduler.leader";
    public const string SchedulerEpoch = "kcron.scheduler.epoch";
    public const string CheckpointAge = "kcron.scheduler.checkpoint.age";
}
