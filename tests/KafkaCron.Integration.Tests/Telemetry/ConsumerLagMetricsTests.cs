using System.Globalization;
using System.Text.RegularExpressions;
using KafkaCron.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.Telemetry;

/// <summary>The worker's statistics handler, end to end: a backlog shows as consumer lag on /metrics, and drains to 0.</summary>
public sealed partial class ConsumerLagMetricsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Worker_BacklogOnItsPartition_ReportsLagAboveZeroThenZeroOnceDrained()
    {
        await using var stack = await KcronStack.StartAsync(partitions: 1, "cluster-a");
        stack.WriteJobFile("""
            clusters: [cluster-a]
            jobs:
              - { name: slow, schedule: "* * * * * *", cluster: cluster-a, command: "sleep 1", retry: { maxAttempts: 1 } }
            """);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var schedulerPort = FreePort.Next();
        // The stack stops its processes; the scheduler is stopped early so that the backlog stops growing.
        var scheduler = stack.StartScheduler(schedulerPort, "--config", WriteSettings(stack, "Scheduler:\n  CanaryEnabled: false\n"));
        var schedulerMetrics = new Uri($"http://localhost:{schedulerPort}/metrics");
        // Scrapes wait for the host to be up: a connection that arrives while .NET's HttpListener starts can crash its
        // start (dotnet/runtime HttpEndPointListener race, docs/metrics.md), and a tight scrape loop finds that window.
        await scheduler.WaitForLineAsync("Watching", Patience);
        // Eight fires wait on the partition before any worker is there.
        await Eventually.TrueAsync(() => Value(FiresPublishedLine(), Scrape(http, schedulerMetrics)) >= 8, Patience, () => scheduler.Transcript);
        scheduler.Signal(PosixSignalNumber.Terminate);
        await scheduler.WaitForExitAsync(Patience);

        var port = FreePort.Next();
        var worker = stack.StartWorker("cluster-a", "a-w1", port, "--concurrency", "1");
        var metrics = new Uri($"http://localhost:{port}/metrics");
        await worker.WaitForLineAsync("consuming", Patience);

        long? peak = null;
        await Eventually.TrueAsync(() => (peak = Lag(Scrape(http, metrics))) > 0, Patience, () => worker.Transcript);
        await Eventually.TrueAsync(() => Lag(Scrape(http, metrics)) == 0, Patience, () => worker.Transcript);

        output.WriteLine($"lag seen: {peak}, then 0 after draining");
    }

    private static string WriteSettings(KcronStack stack, string yaml)
    {
        var path = Path.Combine(stack.Directory, "settings.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string Scrape(HttpClient http, Uri metrics)
    {
        try
        {
            return http.GetStringAsync(metrics).GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }

    private static long? Lag(string exposition) => Value(LagLine(), exposition);

    private static long? Value(Regex line, string exposition)
    {
        var match = line.Match(exposition);
        return match.Success ? long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^kcron_consumer_lag\{[^}]*cluster=""cluster-a""[^}]*partition=""0""[^}]*\} (?<value>\d+)", RegexOptions.Multiline)]
    private static partial Regex LagLine();

    [GeneratedRegex(@"^kcron_fires_published_total\{cluster=""cluster-a""\} (?<value>\d+)", RegexOptions.Multiline)]
    private static partial Regex FiresPublishedLine();
}
