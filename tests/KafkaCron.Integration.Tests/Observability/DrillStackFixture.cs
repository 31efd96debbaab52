using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Observability;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DrillCollection : ICollectionFixture<DrillStackFixture>
{
    public const string Name = "observability drill";
}

/// <summary>
/// The monitored dev stack of the alert drills: <c>kcron broker</c>, a scheduler and two workers of cluster-a as real
/// processes with metrics ports, scraped every second by a real Prometheus that evaluates the repository's alert rules
/// on a clock compressed <see cref="TimeScale"/> times (<see cref="ScaledAlertRules"/>) and sends to a real
/// Alertmanager, whose only receiver is <see cref="AlertWebhookReceiver"/>. Timing: docs/alert-drills.md.
/// </summary>
public sealed class DrillStackFixture : IAsyncLifetime
{
    /// <summary>Every duration in the rules (windows, offsets, <c>for:</c>) is divided by this.</summary>
    public const int TimeScale = 30;

    public const string Cluster = "cluster-a";

    public const string TickJob = "tick";

    public const string FailingJob = "always-fails";

    private static readonly string[] WorkerIds = ["a-w1", "a-w2"];

    private readonly List<KcronProcess> _allWorkers = [];
    private readonly Dictionary<string, int> _workerPorts = [];
    private readonly List<KcronProcess> _workers = [];
    private HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ServerProcess? _prometheus;
    private ServerProcess? _alertmanager;
    private string? _directory;

    /// <summary>Why the drill cannot run here (a binary missing), or null.</summary>
    public string? Unavailable { get; private set; }

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public KcronStack Stack { get; private set; } = null!;

    internal AlertWebhookReceiver Webhook { get; private set; } = null!;

    public static string JobFile(bool withFailingJob) =>
        $$"""
        clusters: [{{Cluster}}]
        defaults:
          retry: { maxAttempts: 1 }
        jobs:
          - name: {{TickJob}}
            schedule: "*/2 * * * * *"
            cluster: {{Cluster}}
            command: "true"
        """ + (withFailingJob
            ? $$"""

                  - name: {{FailingJob}}
                    schedule: "* * * * * *"
                    cluster: {{Cluster}}
                    command: "exit 3"
                """
            : string.Empty) + "\n";

    public async Task InitializeAsync()
    {
        var prometheus = ExternalTool.Find("prometheus");
        var alertmanager = ExternalTool.Find("prometheus-alertmanager") ?? ExternalTool.Find("alertmanager");
        if (prometheus is null || alertmanager is null)
        {
            Unavailable = $"prometheus and prometheus-alertmanager are needed: {ExternalTool.InstallHint}";
            return;
        }

        _directory = Directory.CreateTempSubdirectory("kcron-drill-").FullName;
        Webhook = new AlertWebhookReceiver(Clock);
        Stack = await KcronStack.StartAsync(2, Cluster);
        Stack.WriteJobFile(JobFile(withFailingJob: false));

        var schedulerPort = FreePort.Next();
        foreach (var id in WorkerIds)
        {
            _workerPorts[id] = FreePort.Next();
        }

        _alertmanager = await MonitoringServers.StartAlertmanagerAsync(alertmanager, _directory, Webhook.Url);
        _prometheus = await MonitoringServers.StartPrometheusAsync(prometheus, _directory, _alertmanager.BaseAddress.Authority, [schedulerPort], _workerPorts.Values, TimeScale);

        StartWorkers();
        var settings = Path.Combine(_directory, "scheduler.yaml");
        // A canary every 5 s instead of every minute, so its series exist within the drill.
        await File.WriteAllTextAsync(settings, "Scheduler:\n  CanarySchedule: \"*/5 * * * * *\"\n");
        Stack.StartScheduler(schedulerPort, "--config", settings);

        await WaitForWorkersInGroupAsync();
        await WaitForQueryAsync("count(up{job=~\"kcron-.+\"} == 1) == 3", TimeSpan.FromSeconds(60));
        await WaitForQueryAsync($"kcron_job_start_delay_seconds_count{{cluster=\"{Cluster}\"}}", TimeSpan.FromSeconds(60));
    }

    public void StartWorkers()
    {
        foreach (var id in WorkerIds)
        {
            var worker = KcronProcess.Start(id,
                ["worker", "--cluster", Cluster, "--worker-id", id, "--bootstrap-servers", Stack.BootstrapServers,
                    // The mock cluster holds a rebalance about a session timeout per round: keep it short.
                    "--fetch-wait-max-ms", "10", "--partitions", "2", "--session-timeout-ms", "6000",
                    "--metrics-port", _workerPorts[id].ToString(CultureInfo.InvariantCulture)]);
            _workers.Add(worker);
            _allWorkers.Add(worker);
        }
    }

    /// <summary>
    /// Starts the workers unless they run, and waits until each owns a partition: a worker stopped while the group
    /// still rebalances around it can wait out the session timeout before it exits, which a drill must not measure.
    /// </summary>
    public async Task EnsureWorkersRunningAsync()
    {
        if (_workers.Count == 0)
        {
            StartWorkers();
        }

        await WaitForWorkersInGroupAsync();
    }

    public async Task WaitForWorkersInGroupAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.WaitForLineAsync(line => line.Contains("Assigned kcron.jobs.", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "a partition assigned");
        }
    }

    /// <summary>Stops every worker of the cluster the way an orchestrator would (SIGTERM, then wait).</summary>
    public async Task StopWorkersAsync()
    {
        foreach (var worker in _workers)
        {
            worker.Signal(PosixSignalNumber.Terminate);
        }

        var stopping = _workers.ToList();
        _workers.Clear();
        foreach (var worker in stopping)
        {
            await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>An instant query's result vector; fails on a query error.</summary>
    public async Task<IReadOnlyList<JsonElement>> QueryAsync(string promql)
    {
        using var response = await Http.PostAsync(
            new Uri(_prometheus!.BaseAddress, "api/v1/query"), new FormUrlEncodedContent([new("query", promql)]));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"{promql}: {body.GetProperty("error").GetString()}");
        }

        var data = body.GetProperty("data");
        return data.GetProperty("resultType").GetString() is "vector" or "matrix"
            ? [.. data.GetProperty("result").EnumerateArray()]
            : [data.GetProperty("result")];
    }

    public async Task WaitForQueryAsync(string promql, TimeSpan timeout)
    {
        var deadline = Clock.Elapsed + timeout;
        while ((await QueryAsync(promql)).Count == 0)
        {
            if (Clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{promql} returned nothing within {timeout}\n{Diagnostics()}");
            }

            await Task.Delay(500);
        }
    }

    public string Diagnostics() =>
        $"webhook:\n{Webhook.Describe()}\nprometheus:\n{_prometheus?.Output}\nalertmanager:\n{_alertmanager?.Output}\nprocesses:\n{Stack.Transcript()}\n{string.Join('\n', _allWorkers.Select(w => w.Transcript))}";

    public async Task DisposeAsync()
    {
        if (Unavailable is not null)
        {
            return;
        }

        _prometheus?.Dispose();
        _alertmanager?.Dispose();
        foreach (var worker in _allWorkers)
        {
            await worker.DisposeAsync();
        }

        await Stack.DisposeAsync();
        Webhook.Dispose();
        Http.Dispose();
        Directory.Delete(_directory!, recursive: true);
    }
}
