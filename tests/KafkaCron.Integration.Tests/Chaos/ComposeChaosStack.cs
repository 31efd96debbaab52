using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KafkaCron.Integration.Tests.HighAvailability;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>Where a compose stack's services answer on this machine (compose-multi-broker/README.md, Ports).</summary>
internal sealed record ComposeEndpoints(string BootstrapServers, Uri Prometheus, Uri Alertmanager)
{
    public static ComposeEndpoints MultiBroker { get; } =
        new("127.0.0.1:19092,127.0.0.1:29092,127.0.0.1:39092", new Uri("http://127.0.0.1:9090/"), new Uri("http://127.0.0.1:9093/"));
}

/// <summary>
/// A running compose-multi-broker stack as a drill target (<c>make chaos ARGS="--compose FILE"</c>): breaks go
/// through docker compose (kill, stop, start, pause, unpause) and the chaos/ scripts' compose modes; the drill job is added to
/// the schedulers' job file and prints each run, which the workers log; fires are read from the jobs topic on the
/// host listeners, alerts from Alertmanager's API. Nothing here has run against a Docker engine: these machines have
/// none (docs/chaos-results.md); <c>ComposeChaosStackTests</c> checks the commands against a stub docker-compose.
/// </summary>
internal sealed partial class ComposeChaosStack : IChaosStack
{
    public const string Cluster = "cluster-a";

    private const string Job = "chaos-all";

    private static readonly TimeSpan ServiceTimeout = TimeSpan.FromSeconds(120);

    private static readonly string[] Workers = ["worker-cluster-a-1", "worker-cluster-a-2"];

    private readonly string _composeFile;
    private readonly string _jobsFile;
    private readonly ComposeEndpoints _endpoints;
    private readonly IReadOnlyDictionary<string, string>? _environment;
    private readonly Lock _runsGate = new();
    private DrillJobFile? _drillJob;
    private FireLedger? _ledger;
    private AlertmanagerPoller? _alerts;
    private (TimeSpan? At, IReadOnlyList<DrillRun> Runs) _runs = (null, []);

    /// <param name="environment">Variables for every command (a test puts a stub docker-compose first on PATH).</param>
    /// <param name="traits">Other timings than compose-multi-broker's (a test shortens the breaks).</param>
    public ComposeChaosStack(
        string composeFile, string jobsFile, ComposeEndpoints endpoints, IReadOnlyDictionary<string, string>? environment = null, ChaosStackTraits? traits = null)
    {
        Traits = traits ?? ComposeTraits;
        _composeFile = composeFile;
        _jobsFile = jobsFile;
        _endpoints = endpoints;
        _environment = environment;
    }

    /// <summary>compose-multi-broker's timings: the default 10 s sessions; its rules run on the real clock.</summary>
    public static ChaosStackTraits ComposeTraits { get; } = new(
        "compose", MockKafka: false, SchedulerSession: TimeSpan.FromSeconds(10), WorkerSession: TimeSpan.FromSeconds(10),
        RuleTimeScale: 1, WorkerPipelineCapacity: 4 + 1024, BreakFor: TimeSpan.FromSeconds(20),
        MonitoringDownFor: TimeSpan.FromSeconds(35), AlertWait: TimeSpan.FromMinutes(3));

    public ChaosStackTraits Traits { get; }

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public string SteadyJob => Job;

    public Uri PrometheusUrl => _endpoints.Prometheus;

    public IReadOnlyList<StoredFire> Published => _ledger?.Fires ?? [];

    public IReadOnlyList<DeliveredAlert> Alerts => _alerts?.Alerts ?? [];

    /// <summary>The compose Alertmanager sends nowhere the drill can listen: no dead man's switch to watch.</summary>
    public IReadOnlyList<TimeSpan>? Heartbeats => null;

    /// <summary>
    /// Adds the drill job to the job file and reloads the schedulers, starts reading fires and alerts, and returns once
    /// the job has run three times.
    /// </summary>
    public async Task AttachAsync()
    {
        _drillJob = DrillJobFile.Add(_jobsFile, Job, Cluster, DrillRun.Command(string.Empty));
        await ComposeAsync("kill", "-s", "SIGHUP", "scheduler-1", "scheduler-2");
        _ledger = new FireLedger(_endpoints.BootstrapServers, "kcron.jobs." + Cluster, Cluster);
        _alerts = new AlertmanagerPoller(_endpoints.Alertmanager, Clock);
        await Eventually.TrueAsync(() => Runs().Count(r => r.Job == Job) >= 3, ServiceTimeout, () => "the drill job did not run three times");
    }

    public Task BrokersDownAsync(int count, TimeSpan duration) =>
        Task.WhenAll(Enumerable.Range(1, count).Select(broker => ScriptAsync("chaos/broker-down.sh",
            "--broker", Invariant(broker), "--seconds", Invariant((int)duration.TotalSeconds), "--compose", _composeFile)));

    public async Task MoveLeadersAsync(int broker)
    {
        foreach (var partition in new[] { 0, 1 })
        {
            await ScriptAsync("chaos/move-leader.sh", "--to", Invariant(broker), "--topic", "kcron.jobs." + Cluster, "--partition", Invariant(partition),
                "--compose", _composeFile);
        }
    }

    public async Task<DateTimeOffset> ZooKeeperDownAsync(int count, TimeSpan duration)
    {
        var victims = Enumerable.Range(1, count).Select(i => "zookeeper-" + Invariant(i)).ToArray();
        await ComposeAsync(["kill", "-s", "SIGKILL", .. victims]);
        await Task.Delay(duration);
        var until = DateTimeOffset.UtcNow;
        await ComposeAsync(["start", .. victims]);
        foreach (var victim in victims)
        {
            await ServingAsync(victim);
        }

        return until;
    }

    public async Task KillLeaderAsync()
    {
        var killed = await ScriptAsync("chaos/kill-leader.sh", "--compose", _composeFile);
        await ComposeAsync("start", Named(LeaderLine(), killed.Stdout));
    }

    public Task PauseLeaderAsync(TimeSpan duration) =>
        ScriptAsync("chaos/pause-leader.sh", "--seconds", Invariant((int)Math.Ceiling(duration.TotalSeconds)), "--compose", _composeFile);

    public async Task KillWorkerAsync(TimeSpan downFor)
    {
        var killed = await ScriptAsync("chaos/kill-worker.sh", "--cluster", Cluster, "--compose", _composeFile);
        await Task.Delay(downFor);
        await ComposeAsync("start", Named(KilledWorkerLine(), killed.Stdout));
    }

    public Task WriteGarbageAsync() =>
        ScriptAsync("chaos/garbage.sh", "--bootstrap", _endpoints.BootstrapServers.Split(',')[0], "--cluster", Cluster);

    public async Task<IReadOnlyList<FireKey>> FloodAsync(int count, TimeSpan lead, TimeSpan hold)
    {
        var flood = await ScriptAsync("chaos/flood.sh", "--compose", _composeFile, "--jobs", _jobsFile, "--count", Invariant(count), "--cluster", Cluster,
            "--in", Invariant((int)lead.TotalSeconds), "--hold", Invariant((int)hold.TotalSeconds), "--command", DrillRun.Command(string.Empty));
        return ChaosScripts.FloodFires(count, ChaosScripts.FloodDueAt(flood));
    }

    public Task StopAsync(MonitoringService service) => ComposeAsync("kill", "-s", "SIGKILL", Service(service));

    public async Task StartAsync(MonitoringService service)
    {
        await ComposeAsync("start", Service(service));
        var ready = new Uri(service == MonitoringService.Prometheus ? _endpoints.Prometheus : _endpoints.Alertmanager, "-/ready");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.TrueAsync(() => IsReady(http, ready), ServiceTimeout, () => $"{ready} did not answer");
    }

    /// <summary>
    /// The runs the workers logged, read at most every two seconds (the logs of a whole matrix are long); when the
    /// logs cannot be read for a moment, the last reading stands.
    /// </summary>
    public IReadOnlyList<DrillRun> Runs()
    {
        lock (_runsGate)
        {
            if (_runs.At is { } readAt && Clock.Elapsed - readAt < TimeSpan.FromSeconds(2))
            {
                return _runs.Runs;
            }
        }

        var logs = RunComposeAsync(["logs", "--no-color", .. Workers]).GetAwaiter().GetResult();
        lock (_runsGate)
        {
            if (logs.ExitCode == 0)
            {
                _runs = (Clock.Elapsed, [.. logs.Stdout.Split('\n').Select(DrillRun.Parse).OfType<DrillRun>()]);
            }

            return _runs.Runs;
        }
    }

    public Task<int> DeadLettersSinceAsync(DateTimeOffset since) =>
        Task.FromResult(TopicReader.ReadAll(_endpoints.BootstrapServers, "kcron.dead." + Cluster, TimeSpan.FromSeconds(30))
            .Count(r => r.Message.Timestamp.UtcDateTime >= since.UtcDateTime));

    public string Transcript() =>
        $"compose file {_composeFile}, job file {_jobsFile}; see docker compose -f {_composeFile} logs\nalerts:\n" +
        string.Join('\n', Alerts.Select(a => $"{a.ReceivedAt.TotalSeconds,7:F1}s {a.Status,-8} {a.Name}"));

    /// <summary>Restores the job file and reloads the schedulers; safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_drillJob is not null)
        {
            _drillJob.Dispose();
            _drillJob = null;
            await ComposeAsync("kill", "-s", "SIGHUP", "scheduler-1", "scheduler-2");
        }

        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
            _ledger = null;
        }

        if (_alerts is not null)
        {
            await _alerts.DisposeAsync();
            _alerts = null;
        }
    }

    private static string Service(MonitoringService service) => service == MonitoringService.Prometheus ? "prometheus" : "alertmanager";

    private static string Named(Regex line, string output) =>
        line.Match(output) is { Success: true } match ? match.Groups["service"].Value : throw new InvalidOperationException($"no service named in:\n{output}");

    private static bool IsReady(HttpClient http, Uri ready)
    {
        try
        {
            using var response = http.GetAsync(ready).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Waits until a ZooKeeper service answers <c>zkServer.sh status</c> (its compose healthcheck) again.</summary>
    private async Task ServingAsync(string service)
    {
        var deadline = Clock.Elapsed + ServiceTimeout;
        while ((await RunComposeAsync(["exec", "-T", service, "zkServer.sh", "status"])).ExitCode != 0)
        {
            if (Clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{service} does not serve {ServiceTimeout} after it was started again");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private Task<ToolResult> ScriptAsync(string script, params string[] arguments) => ChaosScripts.RunAsync(script, arguments, _environment);

    private async Task<ToolResult> ComposeAsync(params string[] arguments)
    {
        var result = await RunComposeAsync(arguments);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException($"compose {string.Join(' ', arguments)}: {result}");
    }

    /// <summary>docker-compose or `docker compose` on the compose file, chosen as the scripts choose (chaos/lib.sh).</summary>
    private Task<ToolResult> RunComposeAsync(IReadOnlyList<string> arguments) =>
        Deployment.ExternalCommand.RunAsync("bash",
            ["-c", "source chaos/lib.sh && use_compose \"$1\" && shift && compose \"$@\"", "compose", _composeFile, .. arguments],
            ServiceTimeout, _environment);

    [GeneratedRegex(@"leader is service (?<service>\S+)")]
    private static partial Regex LeaderLine();

    [GeneratedRegex(@"killing service (?<service>\S+)")]
    private static partial Regex KilledWorkerLine();
}
