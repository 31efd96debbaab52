namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>What one drill observed and which of its promises it broke, with its row of the chaos table.</summary>
internal sealed record DrillOutcome(DrillObservation Observed, IReadOnlyList<string> Broken, string Row)
{
    public DrillCount Count => Observed.Count;
}

/// <summary>
/// Runs one drill on a started stack: a baseline, the bounded break, a recovery, then waits for late runs (up to
/// <paramref name="settle"/>) and for the alerts the promise requires, and counts. The fires of the whole time count,
/// so a break that loses fires shows.
/// </summary>
internal static class DrillRunner
{
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(10);

    /// <summary>Counting reads every run and every fire: once a second, not in a tight loop that would slow a flood's drain.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static async Task<DrillOutcome> RunAsync(Drill drill, IChaosStack stack, TimeSpan settle)
    {
        var from = WholeSecondAfter(DateTimeOffset.UtcNow);
        var watchedFrom = stack.Clock.Elapsed;
        await Task.Delay(Baseline);
        var brokeAt = stack.Clock.Elapsed;
        var brokeWall = DateTimeOffset.UtcNow;
        var window = await drill.BreakAsync(stack);
        var restoredAt = stack.Clock.Elapsed - (DateTimeOffset.UtcNow - window.Until);
        await Task.Delay(Recovery);
        var until = WholeSecondAfter(DateTimeOffset.UtcNow) - TimeSpan.FromSeconds(2);
        await AwaitQuietlyAsync(() => Count(stack, from, until, window).Lost == 0, settle);
        await AwaitQuietlyAsync(() => drill.Promise.MustFire.All(a => stack.Alerts.Any(d => d.Name == a && d.Status == "firing" && d.ReceivedAt >= brokeAt)),
            stack.Traits.AlertWait);

        var quietFrom = window.From + stack.Traits.SchedulerSession + TimeSpan.FromSeconds(1);
        var observed = new DrillObservation(
            Count(stack, from, until, window),
            [.. stack.Alerts.Where(a => a.ReceivedAt >= brokeAt)],
            drill.Promise.DeadLetters is null ? 0 : await stack.DeadLettersSinceAsync(from),
            stack.Published.Count(f => f.Fire.Job == stack.SteadyJob && f.Fire.PublishedAt >= quietFrom && f.Fire.PublishedAt <= window.Until))
        {
            Load = drill.Promise.MaxHeld is null && drill.Promise.MaxWorkingSetMiB is null
                ? null
                : await WorkerLoadReader.ReadAsync(stack.PrometheusUrl, from, brokeWall),
            Heartbeat = stack.Heartbeats is { } beats
                ? HeartbeatTrace.Of(beats, watchedFrom, brokeAt, restoredAt, stack.Clock.Elapsed, stack.Traits.SwitchTimeout)
                : null,
        };
        var broken = drill.Promise.Broken(observed);
        return new DrillOutcome(observed, broken, DrillTable.Row(drill, observed, stack.Traits, stack.Alerts, brokeAt, broken));
    }

    private static DrillCount Count(IChaosStack stack, DateTimeOffset from, DateTimeOffset until, BrokenWindow window) =>
        DrillCount.Of(stack.SteadyJob, from, until, window.Added, stack.Published.Select(f => new FireKey(f.Fire.Job, f.Fire.ScheduledAt)), stack.Runs());

    /// <summary>Waits for <paramref name="condition"/> up to <paramref name="timeout"/>; what is still missing then, the promise check names.</summary>
    private static async Task AwaitQuietlyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition() && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(Poll);
        }
    }

    private static DateTimeOffset WholeSecondAfter(DateTimeOffset instant) =>
        new DateTimeOffset(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerSecond), instant.Offset) + TimeSpan.FromSeconds(1);
}
