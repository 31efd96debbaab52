using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>What one drill did and which of its promises it broke, with its row of the chaos table.</summary>
internal sealed record DrillOutcome(DrillCount Count, IReadOnlyList<string> Broken, string Row);

/// <summary>
/// Runs one drill on a started stack: a baseline, the bounded break, a recovery, then waits for late runs (up to
/// <paramref name="settle"/>) and counts. The fires of the whole time count, so a break that loses fires shows.
/// </summary>
internal static class DrillRunner
{
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(10);

    public static async Task<DrillOutcome> RunAsync(Drill drill, ChaosStack stack, TimeSpan settle)
    {
        var from = WholeSecondAfter(DateTimeOffset.UtcNow);
        await Task.Delay(Baseline);
        var brokeAt = stack.Clock.Elapsed;
        var window = await drill.BreakAsync(stack);
        await Task.Delay(Recovery);
        var until = WholeSecondAfter(DateTimeOffset.UtcNow) - TimeSpan.FromSeconds(2);
        try
        {
            await Eventually.TrueAsync(() => DrillCount.Of(from, until, [], stack.Runs()).Lost == 0, settle, () => "runs missing");
        }
        catch (TimeoutException)
        {
            // What has not run by now is lost, and counted so below.
        }

        var count = DrillCount.Of(from, until, stack.Published.Select(f => f.Fire.ScheduledAt), stack.Runs());
        var deadLetters = drill.Promise.DeadLetters is null
            ? 0
            : TopicReader.ReadAll(stack.Broker.BootstrapServers, "kcron.dead." + ChaosStack.Cluster, TimeSpan.FromSeconds(30)).Count;
        var quietFrom = window.From + ChaosStack.SessionTimeout + TimeSpan.FromSeconds(1);
        var publishedWhileBroken = stack.Published.Count(f => f.Fire.PublishedAt >= quietFrom && f.Fire.PublishedAt <= window.Until);
        var broken = drill.Promise.Broken(count, stack.Webhook.Alerts.Where(a => a.ReceivedAt >= brokeAt), deadLetters, publishedWhileBroken);
        return new DrillOutcome(count, broken, DrillTable.Row(drill, count, stack.Webhook.Alerts, brokeAt, broken));
    }

    private static DateTimeOffset WholeSecondAfter(DateTimeOffset instant) =>
        new DateTimeOffset(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerSecond), instant.Offset) + TimeSpan.FromSeconds(1);
}
