using System.Collections.Concurrent;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Leadership;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Scheduler.Engine;
using KafkaCron.Scheduler.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using static KafkaCron.Scheduler.Tests.TestSupport.Jobs;

namespace KafkaCron.Scheduler.Tests.Engine;

/// <summary>Terms of an elected scheduler: resume point, the publish guard, checkpoints.</summary>
public sealed class SchedulerEngineTermTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private static ResumePoint ResumeAt(DateTimeOffset position, Dictionary<string, DateTimeOffset>? pending = null) =>
        ResumePoint.From(new ScheduleCheckpoint { ScheduledUpTo = position, LastFired = new Dictionary<string, DateTimeOffset>(), Pending = pending ?? [] },
            new Dictionary<string, DateTimeOffset>());

    [Fact]
    public async Task RunAsync_ResumePoint_PublishesTheMissedInstantsAtOnceWithTheEpoch()
    {
        await using var h = new EngineHarness();
        var file = File(Job("all") with { MisfirePolicy = MisfirePolicy.FireAll }, Job("once"));

        await h.StartAsync(file, new SchedulerTerm { Epoch = 4, Resume = ResumeAt(T0 - (35 * S)) });
        await WaitUntil(() => h.Publisher.Published.Count == 5);

        Assert.Equal([T0 - (30 * S), T0 - (20 * S), T0 - (10 * S), T0],
            h.Publisher.Published.Where(f => f.Job == "all").Select(f => f.ScheduledAt));
        Assert.Equal([T0], h.Publisher.Published.Where(f => f.Job == "once").Select(f => f.ScheduledAt));
        Assert.All(h.Publisher.Published, f => Assert.Equal(4, f.Epoch));
        Assert.All(h.Logger.OfEvent(2018), e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.Equal(2, h.Logger.OfEvent(2018).Count);
        var summary = Assert.Single(h.Logger.OfEvent(2025));
        Assert.Equal(LogLevel.Warning, summary.Level);
        Assert.Equal((2, 8L, 5L, 3L), ((int)summary.Values["Jobs"]!, (long)summary.Values["Missed"]!, (long)summary.Values["Firing"]!, (long)summary.Values["Skipped"]!));
        Assert.Equal(3, h.Metrics.Sum(KafkaCronMetricsNames.FiresSkipped));
        Assert.All(h.Metrics.Of(KafkaCronMetricsNames.FiresSkipped), m => Assert.Equal([MetricTags.Reason], m.Tags.Keys));
    }

    [Fact]
    public async Task RunAsync_TakeoverWithManyJobsBehind_SaysSoInOneLineNamingThreeOfThem()
    {
        await using var h = new EngineHarness();
        var jobs = Enumerable.Range(0, 50).Select(i => Job("job-" + i)).ToArray();

        await h.StartAsync(File(jobs), new SchedulerTerm { Epoch = 2, Resume = ResumeAt(T0 - (35 * S)) });
        await WaitUntil(() => h.Publisher.Published.Count == 50);

        var summary = Assert.Single(h.Logger.OfEvent(2025));
        Assert.StartsWith("50 jobs (among them job-0, job-1, job-2) missed 200 instants", summary.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Logger.OfEvent(2018), e => e.Level > LogLevel.Debug);
    }

    [Fact]
    public async Task RunAsync_FirstTermWhoseStartWasTakenBeforeThePlan_SaysTheInstantsCameDueWhileStartingNotThatTheyWereMissed()
    {
        await using var h = new EngineHarness();

        await h.StartAsync(File(Job("a"), Job("b")), new SchedulerTerm { Epoch = 1, Resume = ResumePoint.Fresh(T0 - (15 * S)) });
        await WaitUntil(() => h.Publisher.Published.Count == 2);

        Assert.Empty(h.Logger.OfEvent(2025));
        var started = Assert.Single(h.Logger.OfEvent(2026));
        Assert.Equal(LogLevel.Information, started.Level);
        Assert.StartsWith("2 jobs (among them a, b) came due 4 times while the first term was starting (no checkpoint yet); their misfire policies fire 2 of them now and skip 2", started.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LeadershipCannotBeProven_PublishesNothingAndSaysWhy()
    {
        await using var h = new EngineHarness();
        var held = true;
        await h.StartAsync(File(Job("a")), new SchedulerTerm { Epoch = 1, MayPublish = () => Volatile.Read(ref held) });
        await h.AdvanceAsync(10 * S);
        Assert.Single(h.Publisher.Published);

        Volatile.Write(ref held, false);
        h.Time.Advance(10 * S);
        await WaitUntil(() => h.Logger.OfEvent(2017).Count == 1);

        Assert.Single(h.Publisher.Attempts);
        Assert.Empty(h.Metrics.Of(KafkaCronMetricsNames.PublishErrors));
    }

    [Fact]
    public async Task RunAsync_Checkpoints_FollowThePublicationsAndEndWithTheTerm()
    {
        await using var h = new EngineHarness();
        var checkpoints = new ConcurrentQueue<ScheduleCheckpoint>();
        await h.StartAsync(File(Job("a", "every 1s"), Job("b", "every 60s")), new SchedulerTerm
        {
            Epoch = 1,
            TopicEnds = [new("kcron.jobs.cluster-a", 0, 100), new("kcron.jobs.cluster-a", 1, 7)],
            Checkpoint = checkpoints.Enqueue,
        });

        for (var i = 0; i < 5; i++)
        {
            await h.AdvanceAsync(S);
        }

        await h.StopAsync();

        var last = checkpoints.Last();
        Assert.Empty(last.LastFired);
        Assert.Empty(last.Pending);
        Assert.Equal(T0 + (5 * S), last.ScheduledUpTo);
        // The recording publisher stores every fire at partition 0, offsets 0..4; offsets only move forward.
        Assert.Equal([new TopicPartitionPosition("kcron.jobs.cluster-a", 0, 100), new("kcron.jobs.cluster-a", 1, 7)], last.ReadBackFrom);
        Assert.InRange(checkpoints.Count, 5, 7);
    }

    [Fact]
    public async Task RunAsync_CheckpointWhileAFireIsInFlight_HoldsTheWatermarkBeforeItAndReadsBackFromBeforeIt()
    {
        await using var h = new EngineHarness();
        var checkpoints = new ConcurrentQueue<ScheduleCheckpoint>();
        await h.StartAsync(File(Job("a")), new SchedulerTerm
        {
            Epoch = 1,
            TopicEnds = [new("kcron.jobs.cluster-a", 0, 0)],
            Checkpoint = checkpoints.Enqueue,
        });
        await h.AdvanceAsync(10 * S);
        h.Publisher.Gate = new TaskCompletionSource();
        h.Time.Advance(10 * S);
        await WaitUntil(() => h.Publisher.Attempts.Count == 2);
        h.Time.Advance(S);
        // The checkpoint of the first fire's turn held the watermark before it; wait for one taken while the second is out.
        await WaitUntil(() => checkpoints.LastOrDefault()?.ScheduledUpTo == T0 + (20 * S) - TimeSpan.FromTicks(1));

        var during = checkpoints.Last();
        Assert.Empty(during.Pending);
        Assert.Equal(1, Assert.Single(during.ReadBackFrom).Offset);

        h.Publisher.Gate.SetResult();
        await WaitUntil(() => h.Publisher.Published.Count == 2);
        await h.StopAsync();
        var after = checkpoints.Last();
        Assert.Empty(after.Pending);
        Assert.Equal(2, Assert.Single(after.ReadBackFrom).Offset);
    }

    [Fact]
    public async Task RunAsync_QuietSchedule_CheckpointsOnlyAsAHeartbeat()
    {
        await using var h = new EngineHarness();
        var checkpoints = new ConcurrentQueue<ScheduleCheckpoint>();
        await h.StartAsync(File(Job("a", "every 3600s")), new SchedulerTerm { Epoch = 1, Checkpoint = checkpoints.Enqueue });
        var first = checkpoints.Count;

        for (var i = 0; i < 25; i++)
        {
            await h.AdvanceAsync(S);
        }

        Assert.Equal(1, first);
        Assert.Equal(3, checkpoints.Count);
    }

    [Fact]
    public async Task RunAsync_TermWithoutPublisherOnAnEngineWithout_Throws()
    {
        await using var h = new EngineHarness();
        var engine = new SchedulerEngine(null, h.Schedules.For, h.Time, h.Metrics.Metrics,
            Microsoft.Extensions.Options.Options.Create(new SchedulerOptions()), h.Logger);

        await Assert.ThrowsAsync<ArgumentException>(() => engine.RunAsync(new SchedulerTerm(), CancellationToken.None));
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
