using System.Diagnostics;
using KafkaCron.Cli.Hosting;
using KafkaCron.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KafkaCron.Integration.Tests.Telemetry;

/// <summary>A kcron program's telemetry with its real Prometheus listener on a free port, recorded into and scraped.</summary>
internal static class TelemetryScrape
{
    /// <summary>
    /// Records, then scrapes until <paramref name="complete"/> accepts the body: the listener caches a scrape for 300 ms,
    /// so a body that does not yet show what was recorded is asked for again, within a deadline.
    /// </summary>
    /// <param name="requestTimeout">How long one scrape may take (a scrape of many jobs' series is large).</param>
    public static async Task<string> AfterRecordingAsync(Action<KafkaCronMetrics> record, Func<string, bool> complete, TimeSpan requestTimeout)
    {
        var port = FreePort.Next();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddKafkaCronTelemetry("kcron-test", port);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            record(host.Services.GetRequiredService<KafkaCronMetrics>());
            return await ScrapeUntilAsync(port, complete, requestTimeout);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<string> ScrapeUntilAsync(int port, Func<string, bool> complete, TimeSpan requestTimeout)
    {
        using var http = new HttpClient { Timeout = requestTimeout };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var body = await http.GetStringAsync(new Uri($"http://localhost:{port}/metrics"));
            if (complete(body))
            {
                return body;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the scrape never showed what was recorded:\n" + body);
            await Task.Delay(100);
        }
    }
}
