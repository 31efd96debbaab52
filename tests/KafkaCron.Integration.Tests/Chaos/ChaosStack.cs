using System.Diagnostics;
using System.Globalization;
using KafkaCron.Integration.Tests.HighAvailability;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Integration.Tests.Observability;
using KafkaCron.ZooKeeper.Tests.Fixtures;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// The topology of compose-multi-broker as processes on loopback: <c>kcron broker</c> with three mock brokers, a
/// three-node ZooKeeper ensemble (Debian's), two scheduler replicas, two workers of cluster-a (concurrency 4, as in
/// compose), a real Prometheus with the repository's rules (clock compressed <see cref="TimeScale"/> times) and a
/// real Alertmanager that delivers to a webhook the drill reads and, on the production route, the Watchdog heartbeat
/// to a second webhook that plays the dead man's switch. The drill job fires every second (fireAll) and records each
/// run in a file. Every port is a free loopback port chosen at start; every process is stopped on dispose.
/// </summary>
internal sealed class ChaosStack : IChaosStack
{
    public const string Cluster = "cluster-a";

    public const int TimeScale = 30;

    private const int WorkerConcurrency = 4;

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(30);

    private readonly List<KcronProcess> _workers = [];
    private readonly Dictionary<KcronProcess, int> _ports = [];
    private readonly int[] _schedulerPorts = [FreePort.Next(), FreePort.Next()];
    private readonly int[] _workerPorts = [FreePort.Next(), FreePort.Next()];
    private readonly string _directory;
    private readonly string _runFile;
    private readonly string _runCommand;
    private readonly AlertWebhookReceiver _webhook;
    private readonly AlertWebhookReceiver _deadMansSwitch;
    private readonly IReadOnlyDictionary<string, string> _workerSettings;
    private int _workersStarted;
    private ServerProcess? _prometheus;
    private ServerProcess? _alertmanager;

    private ChaosStack(string directory, BrokerProcess broker, IReadOnlyList<ZooKeeperServerProcess> zooKeeper, IReadOnlyDictionary<string, string> workerSettings)
    {
        _directory = directory;
        _workerSettings = workerSettings;
        _runFile = Path.Combine(directory, "runs.log");
        _runCommand = DrillRun.Command($">> '{_runFile}'");
        Broker = broker;
        ZooKeeper = zooKeeper;
        Schedulers = new SchedulerReplicas(string.Join(',', zooKeeper.Select(z => z.ConnectionString)), broker.BootstrapServers, "chaos",
            LocalTraits.SchedulerSession.TotalSeconds, command: _runCommand);
        Ledger = new FireLedger(broker.BootstrapServers, "kcron.jobs." + Cluster, Cluster);
        _webhook = new AlertWebhookReceiver(Clock);
        _deadMansSwitch = new AlertWebhookReceiver(Clock);
    }

    /// <summary>The local stack's timings: 2 s ZooKeeper sessions, 6 s group sessions, 20 s breaks (35 s for monitoring).</summary>
    public static ChaosStackTraits LocalTraits { get; } = new(
        "local processes", MockKafka: true, SchedulerSession: TimeSpan.FromSeconds(2), WorkerSession: TimeSpan.FromSeconds(6),
        RuleTimeScale: TimeScale, WorkerPipelineCapacity: WorkerConcurrency + 1024, BreakFor: TimeSpan.FromSeconds(20),
        MonitoringDownFor: TimeSpan.FromSeconds(35), AlertWait: TimeSpan.FromSeconds(30));

    /// <summary>Why the stack cannot run on this machine, or null.</summary>
    public static string? Unavailable =>
        ZooKeeperServerProcess.UnavailableReason
        ?? (ExternalTool.Find("prometheus") is null || AlertmanagerExecutable is null
            ? $"prometheus and prometheus-alertmanager are needed: {ExternalTool.InstallHint}"
            : null);

    public ChaosStackTraits Traits => LocalTraits;

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public string SteadyJob => Schedulers.AllJob;

    public Uri PrometheusUrl => _prometheus!.BaseAddress;

    public BrokerProcess Broker { get; }

    public IReadOnlyList<ZooKeeperServerProcess> ZooKeeper { get; }

    public SchedulerReplicas Schedulers { get; }

    public FireLedger Ledger { get; }

    public IReadOnlyList<KcronProcess> Workers => _workers;

    public IReadOnlyList<StoredFire> Published => Ledger.Fires;

    public IReadOnlyList<DeliveredAlert> Alerts => _webhook.Alerts;

    public IReadOnlyList<TimeSpan>? Heartbeats =>
        [.. _deadMansSwitch.Alerts.Where(a => a.Name == "Watchdog" && a.Status == "firing").Select(a => a.ReceivedAt)];

    private static string? AlertmanagerExecutable => ExternalTool.Find("prometheus-alertmanager") ?? ExternalTool.Find("alertmanager");

    private string Control => Broker.ControlUrl.ToString().TrimEnd('/');

    /// <param name="workerSettings">Settings for every worker (KCRON_* environment variables), to break one on purpose in a test.</param>
    /// <param name="heartbeatMisrouted">
    /// The Watchdog route points at a port nothing listens on, as a mistyped KCRON_DEADMANS_SWITCH_URL would: the
    /// dead man's switch hears nothing (a test proves the monitoring drills notice).
    /// </param>
    public static async Task<ChaosStack> StartAsync(IReadOnlyDictionary<string, string>? workerSettings = null, bool heartbeatMisrouted = false)
    {
        var directory = Directory.CreateTempSubdirectory("kcron-chaos-").FullName;
        var zooKeeper = ZooKeeperServerProcess.Ensemble(3);
        foreach (var member in zooKeeper)
        {
            member.Start();
        }

        var broker = await BrokerProcess.StartAsync(2, Cluster);
        var stack = new ChaosStack(directory, broker, zooKeeper, workerSettings ?? new Dictionary<string, string>());
        var monitoring = Task.CompletedTask;
        try
        {
            // The workers need only Kafka: their group's first rebalances (a session timeout or two on the mock) run
            // while ZooKeeper forms its quorum and the monitoring starts.
            foreach (var port in stack._workerPorts)
            {
                stack.StartWorker(port);
            }

            monitoring = stack.StartMonitoringAsync(directory, heartbeatMisrouted);
            foreach (var member in zooKeeper)
            {
                await member.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
            }

            foreach (var port in stack._schedulerPorts)
            {
                stack.StartScheduler(port);
            }

            await monitoring;
            await stack.Schedulers.WaitForLeaderAsync(0, TimeSpan.FromSeconds(60));
            // The group's first rebalances on the mock take a session timeout or two: a drill that began before
            // both workers own a partition would measure the start-up, not its break.
            foreach (var worker in stack._workers)
            {
                await worker.WaitForLineAsync(line => line.Contains("Assigned kcron.jobs.", StringComparison.Ordinal), TimeSpan.FromSeconds(90), "a partition assigned");
            }

            var settled = stack.Runs().Count;
            await Eventually.TrueAsync(() => stack.Runs().Count >= settled + 3, TimeSpan.FromSeconds(90), stack.Transcript);
        }
        catch
        {
            // Whatever the monitoring start got running must be there to be stopped; its own failure is not the first.
            await monitoring.ContinueWith(static _ => { }, TaskScheduler.Default);
            await stack.DisposeAsync();
            throw;
        }

        return stack;
    }

    private async Task StartMonitoringAsync(string directory, bool heartbeatMisrouted)
    {
        var heartbeatUrl = heartbeatMisrouted ? $"http://127.0.0.1:{FreePort.Next()}/misrouted" : _deadMansSwitch.Url;
        _alertmanager = await MonitoringServers.StartAlertmanagerAsync(AlertmanagerExecutable!, directory, _webhook.Url,
            heartbeatUrl, WatchdogRoute.FromProductionTemplate().Scaled(TimeScale));
        _prometheus = await MonitoringServers.StartPrometheusAsync(ExternalTool.Find("prometheus")!, directory,
            _alertmanager.BaseAddress.Authority, _schedulerPorts, _workerPorts, TimeScale);
    }

    public Task BrokersDownAsync(int count, TimeSpan duration) =>
        Task.WhenAll(Enumerable.Range(1, count).Select(broker => ChaosScripts.RunAsync("chaos/broker-down.sh",
            ["--broker", Invariant(broker), "--seconds", Invariant((int)duration.TotalSeconds), "--control", Control])));

    public async Task MoveLeadersAsync(int broker)
    {
        foreach (var partition in new[] { 0, 1 })
        {
            await ChaosScripts.RunAsync("chaos/move-leader.sh",
                ["--to", Invariant(broker), "--topic", "kcron.jobs." + Cluster, "--partition", Invariant(partition), "--control", Control]);
        }
    }

    public async Task<DateTimeOffset> ZooKeeperDownAsync(int count, TimeSpan duration)
    {
        var victims = ZooKeeper.Take(count).ToList();
        foreach (var member in victims)
        {
            await member.KillAsync();
        }

        await Task.Delay(duration);
        var until = DateTimeOffset.UtcNow;
        foreach (var member in victims)
        {
            member.Start();
        }

        foreach (var member in victims)
        {
            await member.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        }

        return until;
    }

    public async Task KillLeaderAsync()
    {
        var (leader, _) = await Schedulers.WaitForLeaderAsync(0, TimeSpan.FromSeconds(30));
        leader.Signal(PosixSignalNumber.Kill);
        await leader.WaitForExitAsync(TimeSpan.FromSeconds(30));
        // A new replica on the metrics port of the one that is gone (Prometheus scrapes a fixed set of ports).
        StartScheduler(_ports[leader]);
    }

    public async Task PauseLeaderAsync(TimeSpan duration)
    {
        var (leader, _) = await Schedulers.WaitForLeaderAsync(0, TimeSpan.FromSeconds(30));
        leader.Signal(PosixSignalNumber.Stop);
        Schedulers.Stopped.Add(leader);
        try
        {
            await Task.Delay(duration);
        }
        finally
        {
            leader.Signal(PosixSignalNumber.Continue);
            Schedulers.Stopped.Remove(leader);
        }
    }

    public async Task KillWorkerAsync(TimeSpan downFor)
    {
        var victim = _workers[0];
        victim.Signal(PosixSignalNumber.Kill);
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(downFor);
        StartWorker(_ports[victim]);
    }

    public Task WriteGarbageAsync() =>
        // 2 MiB, over the codec's 1 MiB: a larger record behind smaller ones defeats the mock's fetch (chaos/README.md).
        ChaosScripts.RunAsync("chaos/garbage.sh", ["--bootstrap", Broker.BootstrapServers, "--cluster", Cluster, "--big-bytes", "2097152"]);

    public async Task<IReadOnlyList<FireKey>> FloodAsync(int count, TimeSpan lead, TimeSpan hold)
    {
        var flood = await ChaosScripts.RunAsync("chaos/flood.sh",
        [
            "--jobs", Schedulers.JobFile, "--count", Invariant(count), "--cluster", Cluster, "--in", Invariant((int)lead.TotalSeconds),
            "--hold", Invariant((int)hold.TotalSeconds), "--command", _runCommand,
            "--metrics-ports", string.Join(',', Schedulers.Running.Select(s => Invariant(_ports[s]))),
        ]);
        return ChaosScripts.FloodFires(count, ChaosScripts.FloodDueAt(flood));
    }

    public Task StopAsync(MonitoringService service)
    {
        Server(service).Kill();
        return Task.CompletedTask;
    }

    public Task StartAsync(MonitoringService service) => Server(service).RestartAsync();

    public IReadOnlyList<DrillRun> Runs()
    {
        if (!File.Exists(_runFile))
        {
            return [];
        }

        using var stream = new FileStream(_runFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n').Select(DrillRun.Parse).OfType<DrillRun>()];
    }

    public Task<int> DeadLettersSinceAsync(DateTimeOffset since) =>
        Task.FromResult(TopicReader.ReadAll(Broker.BootstrapServers, "kcron.dead." + Cluster, ScriptTimeout)
            .Count(r => r.Message.Timestamp.UtcDateTime >= since.UtcDateTime));

    public string Transcript() =>
        $"alerts:\n{_webhook.Describe()}\ndead man's switch:\n{_deadMansSwitch.Describe()}\nschedulers:\n{Schedulers.Transcript()}\n" +
        $"workers:\n{string.Join('\n', _workers.Select(w => w.Transcript))}\nprometheus:\n{_prometheus?.Output}\nalertmanager:\n{_alertmanager?.Output}";

    public async ValueTask DisposeAsync()
    {
        _prometheus?.Dispose();
        _alertmanager?.Dispose();
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await Schedulers.DisposeAsync();
        await Ledger.DisposeAsync();
        await Broker.DisposeAsync();
        foreach (var member in ZooKeeper)
        {
            await member.DisposeAsync();
        }

        _webhook.Dispose();
        _deadMansSwitch.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Under /tmp; harmless.
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private ServerProcess Server(MonitoringService service) => service switch
    {
        MonitoringService.Prometheus => _prometheus!,
        _ => _alertmanager!,
    };

    private KcronProcess StartScheduler(int metricsPort)
    {
        var scheduler = Schedulers.Start(environment: new Dictionary<string, string>
        {
            // A canary every 5 s instead of every minute, so KcronCanaryStale has series within a drill.
            ["KCRON_SCHEDULER__CANARYSCHEDULE"] = "*/5 * * * * *",
        }, metricsPort: metricsPort);
        _ports[scheduler] = metricsPort;
        return scheduler;
    }

    private KcronProcess StartWorker(int metricsPort)
    {
        var id = "w" + (++_workersStarted).ToString(CultureInfo.InvariantCulture);
        var worker = KcronProcess.Start(id,
        [
            "worker", "--cluster", Cluster, "--worker-id", id, "--bootstrap-servers", Broker.BootstrapServers,
            "--fetch-wait-max-ms", "10", "--partitions", "2", "--concurrency", Invariant(WorkerConcurrency),
            "--session-timeout-ms", Invariant((int)LocalTraits.WorkerSession.TotalMilliseconds),
            "--metrics-port", Invariant(metricsPort),
        ], _workerSettings);
        _workers.Add(worker);
        _ports[worker] = metricsPort;
        return worker;
    }
}
