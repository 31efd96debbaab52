using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>
/// Alert drills against real processes: break the stack the way production breaks, and require the page at the
/// webhook within the documented time, and the resolve once repaired. Times are on the drill's compressed clock
/// (<see cref="DrillStackFixture.TimeScale"/>); docs/alert-drills.md converts them.
/// </summary>
[Collection(DrillCollection.Name)]
public sealed class AlertDrillTests(DrillStackFixture drill, ITestOutputHelper output)
{
    // Rule windows and `for:` at 1/30 (KcronWorkersNotConsuming: 15m window → 30 s, for 5m → 10 s) plus scrape,
    // evaluation and delivery; docs/alert-drills.md has the measured times and the slack.
    private static readonly TimeSpan WorkersNotConsumingPageWithin = TimeSpan.FromSeconds(75);
    private static readonly TimeSpan ResolveWithin = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan JobAttemptsFailingPageWithin = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task StopAllWorkers_WorkersNotConsumingPagesTheWebhook_RestartResolvesIt()
    {
        Skip.If(drill.Unavailable is not null, drill.Unavailable);
        await drill.EnsureWorkersRunningAsync();
        await drill.WaitForQueryAsync("absent(ALERTS{alertname=\"KcronWorkersNotConsuming\"})", TimeSpan.FromSeconds(60));

        var stoppedAt = drill.Clock.Elapsed;
        await drill.StopWorkersAsync();
        var page = await DeliveredAsync("KcronWorkersNotConsuming", "firing", stoppedAt, WorkersNotConsumingPageWithin);

        var restartedAt = drill.Clock.Elapsed;
        drill.StartWorkers();
        await drill.WaitForWorkersInGroupAsync();
        var resolved = await DeliveredAsync("KcronWorkersNotConsuming", "resolved", restartedAt, ResolveWithin);

        output.WriteLine($"KcronWorkersNotConsuming: paged {(page.ReceivedAt - stoppedAt).TotalSeconds:F1} s after the workers were stopped, " +
                         $"resolved {(resolved.ReceivedAt - restartedAt).TotalSeconds:F1} s after they were restarted");
        output.WriteLine(drill.Webhook.Describe());
    }

    [SkippableFact]
    public async Task JobThatAlwaysFails_JobAttemptsFailingPagesTheWebhook()
    {
        Skip.If(drill.Unavailable is not null, drill.Unavailable);
        await drill.EnsureWorkersRunningAsync();

        var addedAt = drill.Clock.Elapsed;
        drill.Stack.WriteJobFile(DrillStackFixture.JobFile(withFailingJob: true));
        try
        {
            var page = await DeliveredAsync("KcronJobAttemptsFailing", "firing", addedAt, JobAttemptsFailingPageWithin);
            output.WriteLine($"KcronJobAttemptsFailing: paged {(page.ReceivedAt - addedAt).TotalSeconds:F1} s after the failing job was added");
        }
        finally
        {
            drill.Stack.WriteJobFile(DrillStackFixture.JobFile(withFailingJob: false));
        }
    }

    private async Task<DeliveredAlert> DeliveredAsync(string alert, string status, TimeSpan since, TimeSpan within)
    {
        var deadline = since + within;
        while (true)
        {
            if (drill.Webhook.First(alert, status, since, DrillStackFixture.Cluster) is { } delivered)
            {
                return delivered;
            }

            Assert.True(drill.Clock.Elapsed < deadline,
                $"{alert} ({status}) did not reach the webhook within {within.TotalSeconds} s\n{drill.Diagnostics()}");
            await Task.Delay(250);
        }
    }
}
