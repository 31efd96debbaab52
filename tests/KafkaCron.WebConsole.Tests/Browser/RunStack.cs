using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KafkaCron.WebConsole.Tests.Infrastructure;

namespace KafkaCron.WebConsole.Tests.Browser;

/// <summary>
/// What the console runs against in <c>kcron dev</c>, for real: librdkafka's mock cluster with the deployment's topics, a
/// scheduler and a worker of cluster-a as processes of the kcron executable, and the console in this process, all on
/// free loopback ports. The jobs run: their run records, output, dead letters and pauses are what the pages show.
/// </summary>
public sealed class RunStack : IAsyncLifetime, IDisposable
{
    public const string Cluster = "cluster-a";

    /// <summary>
    /// heartbeat and flaky-report give the lists a history as the scheduler fires them; nightly-backup (forbid) and
    /// broken-export run when triggered; report's cluster has no worker; old-cleanup is suspended.
    /// </summary>
    public const string JobFile = """
        clusters: [cluster-a, cluster-b]
        jobs:
          - name: heartbeat
            schedule: "@every 2s"
            cluster: cluster-a
            command: echo "alive at $KCRON_SCHEDULED_AT"
          - name: flaky-report
            schedule: "@every 3s"
            cluster: cluster-a
            command: 'echo "report for $KCRON_SCHEDULED_AT"; if [ $(( $(date +%s) % 3 )) -eq 0 ]; then echo "upstream API answered 503" >&2; exit 1; fi'
            retry: { maxAttempts: 1 }
          - name: nightly-backup
            schedule: "30 2 * * *"
            timeZone: Europe/Berlin
            cluster: cluster-a
            command: 'echo "dumping 12 tables"; sleep 2; echo "backup complete: 41 GiB"'
            concurrencyPolicy: forbid
            timeout: 1h
          - name: broken-export
            schedule: "0 0 1 1 *"
            cluster: cluster-a
            command: 'echo "exporting invoices"; echo "disk full" >&2; echo "<script>alert(''owned'')</script>" >&2; exit 2'
            retry: { maxAttempts: 1 }
          - name: report
            schedule: "0 8 * * 1-5"
            cluster: cluster-b
            command: ./report.sh
          - name: old-cleanup
            schedule: "@daily"
            cluster: cluster-b
            command: rm -rf /tmp/old
            suspend: true
        """;

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TestFiles _files = new(JobFile);
    private ConsoleKafka? _kafka;
    private KcronProcess? _scheduler;
    private KcronProcess? _worker;
    private ConsoleServer? _console;

    public string Url => Console.Url;

    internal ConsoleServer Console => _console ?? throw new InvalidOperationException("the stack did not start");

    internal ConsoleKafka Kafka => _kafka ?? throw new InvalidOperationException("the stack did not start");

    public async Task InitializeAsync()
    {
        _kafka = ConsoleKafka.Start(Cluster, "cluster-b");
        string[] common =
        [
            "--bootstrap-servers", _kafka.BootstrapServers, "--fetch-wait-max-ms", "10", "--session-timeout-ms", "6000",
            "--partitions", ConsoleKafka.Partitions.ToString(CultureInfo.InvariantCulture), "--metrics-port", "0",
        ];
        _worker = KcronProcess.Start("w1", ["worker", "--cluster", Cluster, "--worker-id", "w1", "--concurrency", "4", .. common]);
        _scheduler = KcronProcess.Start("scheduler", ["scheduler", "--jobs", _files.JobsFile, .. common]);
        await _worker.WaitForLineAsync("Assigned kcron.jobs.", Patience);
        await _scheduler.WaitForLineAsync("Watching", Patience);
        _console = await ConsoleServer.StartAsync(new ConsoleSetup
        {
            BootstrapServers = _kafka.BootstrapServers, JobsFile = _files.JobsFile, TokenFile = _files.TokenFile, RefreshSeconds = 1,
        });

        // A failed run with its output, and its dead letter, for the job and dead-letter pages.
        var fireId = await TriggerAsync("broken-export");
        await Eventually.TrueAsync(() => RunsAsync("broken-export").GetAwaiter().GetResult().Any(r => r.FireId == fireId), Patience, Transcript);
    }

    public async Task DisposeAsync()
    {
        if (_console is not null)
        {
            await _console.DisposeAsync();
        }

        foreach (var process in new[] { _scheduler, _worker }.OfType<KcronProcess>())
        {
            await process.DisposeAsync();
        }

        _kafka?.Dispose();
    }

    public void Dispose() => _files.Dispose();

    /// <summary>The scheduler's and the worker's output, for a failure message.</summary>
    public string Transcript() => string.Join(Environment.NewLine, new[] { _scheduler, _worker }.OfType<KcronProcess>().Select(p => p.Transcript));

    /// <summary>An action through the API with the admin token, as a script would post it.</summary>
    public async Task<JsonElement> PostAsync(string path, string? json = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestFiles.Token);
        using var response = await Console.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <returns>The id of the manual fire.</returns>
    public async Task<string> TriggerAsync(string job) => (await PostAsync($"/api/v1/jobs/{job}/trigger")).GetProperty("fireId").GetString()!;

    /// <summary>The job's runs as the API lists them, newest first.</summary>
    public async Task<IReadOnlyList<(string FireId, string Outcome)>> RunsAsync(string job)
    {
        var json = JsonDocument.Parse(await Console.Client.GetStringAsync(new Uri($"/api/v1/jobs/{job}/runs", UriKind.Relative))).RootElement;
        return [.. json.GetProperty("runs").EnumerateArray().Select(r => (r.GetProperty("fireId").GetString()!, r.GetProperty("outcome").GetString()!))];
    }
}
