using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Core.Telemetry;
using KafkaCron.Scheduler.Engine;
using KafkaCron.Scheduler.Tests.TestSupport;
using static KafkaCron.Scheduler.Tests.TestSupport.Jobs;

namespace KafkaCron.Scheduler.Tests.Engine;

public sealed class SchedulerEnginePauseTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task RunAsync_PausedJob_IsNotPublishedEachInstantCountedAndRecordedAsPaused()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a"), Job("b", cluster: "cluster-b")));
        await h.PauseAsync("b");

        await h.AdvanceAsync(30 * S);

        Assert.All(h.Publisher.Published, f => Assert.Equal("a", f.Job));
        Assert.Equal(3, h.Publisher.Published.Count);
        var skipped = h.Metrics.Of("kcron.fires.skipped");
        Assert.Equal(3, skipped.Sum(m => m.Value));
        Assert.All(skipped, m => Assert.Equal(
            new Dictionary<string, object?> { [MetricTags.Reason] = MetricTags.ReasonPaused }, m.Tags));
        Assert.Equal([T0 + (10 * S), T0 + (20 * S), T0 + (30 * S)], h.Runs.Written.Select(r => r.ScheduledAt));
        var record = h.Runs.Written[0];
        Assert.Equal(RunOutcomes.Paused, record.Outcome);
        Assert.Equal("b", record.Job);
        Assert.Equal("cluster-b", record.Cluster);
        Assert.Equal(FireTriggers.Scheduled, record.Trigger);
        // The clock jumped 30 s at once: all three were withheld on that turn.
        Assert.Equal(T0 + (30 * S), record.FinishedAt);
        Assert.Equal("paused by alice@ops-1 at 2025-12-31T23:00:00Z: db migration", record.Detail);
        Assert.Equal(7, Guid.Parse(record.FireId).Version);
        Assert.Null(record.Worker);
    }

    [Fact]
    public async Task RunAsync_ResumedFireOnceJob_PublishesOneCatchUpOfTheLatestWithheldInstantThenItsSchedule()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a")));
        await h.PauseAsync("a");
        await h.AdvanceAsync(35 * S);
        Assert.Empty(h.Publisher.Published);

        await h.PauseAsync();
        await h.AdvanceAsync(10 * S);

        Assert.Equal([T0 + (30 * S), T0 + (40 * S)], h.Publisher.Published.Select(f => f.ScheduledAt));
        Assert.Equal(T0 + (35 * S), h.Publisher.Published[0].PublishedAt);
        Assert.Contains(h.Logger.Entries, e => e.EventId == 2302 && e.Message.Contains("Job a is resumed after 3 withheld instants", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ResumedSkipJob_PublishesNothingUntilItsNextInstant()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a") with { MisfirePolicy = MisfirePolicy.Skip }));
        await h.PauseAsync("a");
        await h.AdvanceAsync(35 * S);

        await h.PauseAsync();
        await h.AdvanceAsync(4 * S);
        Assert.Empty(h.Publisher.Published);

        await h.AdvanceAsync(1 * S);
        Assert.Equal([T0 + (40 * S)], h.Publisher.Published.Select(f => f.ScheduledAt));
    }

    [Fact]
    public async Task RunAsync_SuspendedJob_IsCountedAndRecordedAsPausedByTheJobFile()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("off") with { Suspend = true }, Job("on")));

        await h.AdvanceAsync(20 * S);

        Assert.All(h.Publisher.Published, f => Assert.Equal("on", f.Job));
        Assert.Equal(2, h.Metrics.Sum("kcron.fires.skipped"));
        Assert.All(h.Runs.Written, r => Assert.Equal("suspend: true in the job file", r.Detail));
        Assert.Equal(2, h.Runs.Written.Count);
    }

    [Fact]
    public async Task RunAsync_PausedJob_NextFireGaugeIsInfiniteUntilResumed()
    {
        await using var h = new EngineHarness();
        await h.StartAsync(File(Job("a")));
        await h.PauseAsync("a");
        await h.AdvanceAsync(10 * S);

        Assert.Equal(double.PositiveInfinity, h.Metrics.Of("kcron.job.next_fire")[^1].Value);

        // Resumed at 10 s: the catch-up of 10 s goes out at once, and 20 s is next.
        await h.PauseAsync();
        Assert.Equal([T0 + (10 * S)], h.Publisher.Published.Select(f => f.ScheduledAt));
        Assert.Equal((T0 + (20 * S)).ToUnixTimeSeconds(), h.Metrics.Of("kcron.job.next_fire")[^1].Value);
    }

    [Fact]
    public async Task RunAsync_ControlTopicNotReadToItsEnd_PublishesNothingThenWithholdsWhatItSaysIsPaused()
    {
        await using var h = new EngineHarness();
        h.Pauses.Unread = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Engine.Apply(File(Job("a"), Job("b")));
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => h.Engine.RunAsync(stop.Token));
        await Until(() => h.Pauses.Reads == 1);

        h.Time.Advance(25 * S);
        await Task.Delay(50);
        Assert.Empty(h.Publisher.Attempts);

        h.Pauses.Set("b");
        h.Pauses.Unread.SetResult();
        await Until(() => h.Logger.Entries.Any(e => e.EventId == 2001));
        h.Time.Advance(5 * S);
        await Until(() => h.Publisher.Published.Count == 1);

        Assert.Equal("a", h.Publisher.Published[0].Job);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task RunAsync_StoppedWhileWaitingForTheControlTopic_ReturnsWithoutStartingATerm()
    {
        await using var h = new EngineHarness();
        h.Pauses.Unread = new TaskCompletionSource();
        h.Engine.Apply(File(Job("a")));
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => h.Engine.RunAsync(stop.Token));
        await Until(() => h.Pauses.Reads == 1);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(h.Logger.Entries, e => e.EventId == 2001);
        // The engine can run a term afterwards: the wait held nothing.
        h.Pauses.Unread = null;
        await h.StartAsync(File(Job("a")));
        await h.AdvanceAsync(10 * S);
        Assert.Single(h.Publisher.Published);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = Task.Delay(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            Assert.False(deadline.IsCompleted, "timed out");
            await Task.Delay(5);
        }
    }
}
