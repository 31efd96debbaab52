using System.Diagnostics;
using System.Globalization;
using KafkaCron.Integration.Tests.HighAvailability;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Integration.Tests.Observability;
using KafkaCron.ZooKeeper.Tests.Fixtures;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// The topology of compose-multi-broker as processes on loopback: <c>kcron broker</c> with three mock brokers, a
/// three-node ZooKeeper ensemble (Debian's), two scheduler replicas, two workers of cluster-a, a real Prometheus
/// with the repository's rules (clock compressed <see cref="TimeScale"/> times) and a real Alertmanager whose
/// webhook the drill reads. The drill job fires every second (fireAll) and records each run in a file.
/// </summary>
internal sealed class ChaosStack : IAsyncDisposable
{
    public const string Cluster = "cluster-a";

    public const int TimeScale = 30;

    /// <summary>The schedulers' ZooKeeper session timeout: how long a failover may take, at most, before a standby leads.</summary>
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The workers' consumer-group session timeout: how long a dead worker's partitions wait for a rebalance.</summary>
    public static readonly TimeSpan WorkerSessionTimeout = TimeSpan.FromSeconds(6);

    private readonly List<KcronProcess> _workers = [];
    private readonly Dictionary<KcronProcess, int> _ports = [];
    private readonly int[] _schedulerPorts = [FreePort.Next(), FreePort.Next()];
    private readonly int[] _workerPorts = [FreePort.Next(), FreePort.Next()];
    private readonly string _directory;
    private readonly string _runFile;
    private int _workersStarted;

    private ChaosStack(string directory, BrokerProcess broker, IReadOnlyList<ZooKeeperServerProcess> zooKeeper)
    {
        _directory = directory;
        _runFile = Path.Combine(directory, "runs.log");
        Broker = broker;
        ZooKeeper = zooKeeper;
        var command = $"printf '%s %s %s %s %s\\n' \"$KCRON_JOB\" \"$KCRON_SCHEDULED_AT\" \"$KCRON_FIRE_ID\" \"$KCRON_WORKER\" \"$(date +%s%3N)\" >> '{_runFile}'";
        Schedulers = new SchedulerReplicas(string.Join(',', zooKeeper.Select(z => z.ConnectionString)), broker.BootstrapServers, "chaos",
            SessionTimeout.TotalSeconds, command: command);
        Ledger = new FireLedger(broker.BootstrapServers, "kcron.jobs." + Cluster, Cluster);
        Webhook = new AlertWebhookReceiver(Clock);
    }

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public BrokerProcess Broker { get; }

    public IReadOnlyList<ZooKeeperServerProcess> ZooKeeper { get; }

    public SchedulerReplicas Schedulers { get; }

    public FireLedger Ledger { get; }

    public AlertWebhookReceiver Webhook { get; }

    public IReadOnlyList<KcronProcess> Workers => _workers;

    public ServerProcess? Prometheus { get; private set; }

    public ServerProcess? Alertmanager { get; private set; }

    /// <summary>Why the stack cannot run on this machine, or null.</summary>
    public static string? Unavailable =>
        ZooKeeperServerProcess.UnavailableReason
        ?? (ExternalTool.Find("prometheus") is null || AlertmanagerExecutable is null
            ? $"prometheus and prometheus-alertmanager are needed: {ExternalTool.InstallHint}"
            : null);

    private static string? AlertmanagerExecutable => ExternalTool.Find("prometheus-alertmanager") ?? ExternalTool.Find("alertmanager");

    public static async Task<ChaosStack> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("kcron-chaos-").FullName;
        var zooKeeper = ZooKeeperServerProcess.Ensemble(3);
        foreach (var member in zooKeeper)
        {
            member.Start();
        }

        var broker = await BrokerProcess.StartAsync(2, Cluster);
        var stack = new ChaosStack(directory, broker, zooKeeper);
        try
        {
            foreach (var member in zooKeeper)
            {
                await member.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
            }

            stack.Alertmanager = await MonitoringServers.StartAlertmanagerAsync(AlertmanagerExecutable!, directory, stack.Webhook.Url);
            stack.Prometheus = await MonitoringServers.StartPrometheusAsync(ExternalTool.Find("prometheus")!, directory,
                stack.Alertmanager.BaseAddress.Authority, stack._schedulerPorts, stack._workerPorts, TimeScale);
            foreach (var port in stack._workerPorts)
            {
                stack.StartWorker(port);
            }

            foreach (var port in stack._schedulerPorts)
            {
                stack.StartScheduler(port);
            }

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
            await stack.DisposeAsync();
            throw;
        }

        return stack;
    }

    /// <summary>A new replica on the metrics port of one that is gone (Prometheus scrapes a fixed set of ports).</summary>
    public KcronProcess ReplaceScheduler(KcronProcess gone) => StartScheduler(_ports[gone]);

    public KcronProcess ReplaceWorker(KcronProcess gone) => StartWorker(_ports[gone]);

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
            "--fetch-wait-max-ms", "10", "--partitions", "2",
            "--session-timeout-ms", ((int)WorkerSessionTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture),
        ]);
        _workers.Add(worker);
        _ports[worker] = metricsPort;
        return worker;
    }

    /// <summary>Every run of the drill job (the fireAll one) so far, as the job recorded it.</summary>
    public IReadOnlyList<DrillRun> Runs()
    {
        if (!File.Exists(_runFile))
        {
            return [];
        }

        using var stream = new FileStream(_runFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n')
            .Select(line => line.Split(' '))
            .Where(parts => parts.Length == 5 && parts[0] == Schedulers.AllJob)
            .Select(parts => new DrillRun(
                DateTimeOffset.Parse(parts[1], CultureInfo.InvariantCulture), parts[2], parts[3],
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[4], CultureInfo.InvariantCulture))))
            .ToList();
    }

    public IReadOnlyList<StoredFire> Published => Ledger.Of(Schedulers.AllJob);

    public string Transcript() =>
        $"alerts:\n{Webhook.Describe()}\nschedulers:\n{Schedulers.Transcript()}\nworkers:\n{string.Join('\n', _workers.Select(w => w.Transcript))}\n" +
        $"prometheus:\n{Prometheus?.Output}\nalertmanager:\n{Alertmanager?.Output}";

    public async ValueTask DisposeAsync()
    {
        Prometheus?.Dispose();
        Alertmanager?.Dispose();
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

        Webhook.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Under /tmp; harmless.
        }
    }
}
