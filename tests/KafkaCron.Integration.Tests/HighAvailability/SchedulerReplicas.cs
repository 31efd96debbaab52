using System.Globalization;
using System.Text.RegularExpressions;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.HighAvailability;

/// <summary>
/// Scheduler replicas of one deployment as separate <c>kcron scheduler --zookeeper</c> processes, with a job file of
/// their own: <c>{prefix}-all</c> (fireAll) and <c>{prefix}-once</c> (fireOnce), both every second on cluster-a, and
/// as many <c>{prefix}-bulk-NNNNN</c> jobs (fireAll) as asked. Knows which replica leads from what each prints.
/// </summary>
internal sealed partial class SchedulerReplicas : IAsyncDisposable
{
    private readonly List<KcronProcess> _replicas = [];
    private readonly string _directory;
    private readonly string _zooKeeper;
    private readonly string _bootstrapServers;
    private readonly double _sessionTimeoutSeconds;
    private readonly bool _transactional;
    private readonly int _partitions;
    private int _started;

    public SchedulerReplicas(
        string zooKeeper, string bootstrapServers, string prefix, double sessionTimeoutSeconds = 2, bool transactional = false, string command = "true",
        int bulkJobs = 0, string bulkSchedule = "@every 10s", int partitions = 2)
    {
        _partitions = partitions;
        _transactional = transactional;
        _zooKeeper = zooKeeper;
        _bootstrapServers = bootstrapServers;
        _sessionTimeoutSeconds = sessionTimeoutSeconds;
        Prefix = prefix;
        DeploymentId = prefix;
        _directory = Directory.CreateTempSubdirectory("kcron-ha-").FullName;
        JobFile = Path.Combine(_directory, "jobs.yaml");
        File.WriteAllText(JobFile, $"""
            clusters: [cluster-a]
            jobs:
              - name: {prefix}-all
                schedule: "@every 1s"
                cluster: cluster-a
                command: {YamlQuoted(command)}
                misfirePolicy: fireAll
                catchUpWindow: 1h
              - name: {prefix}-once
                schedule: "@every 1s"
                cluster: cluster-a
                command: {YamlQuoted(command)}

            """);
        File.AppendAllLines(JobFile, Enumerable.Range(0, bulkJobs).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"  - {{ name: {BulkJob(i)}, schedule: \"{bulkSchedule}\", cluster: cluster-a, command: {YamlQuoted(command)}, misfirePolicy: fireAll, catchUpWindow: 1h }}")));
    }

    public string Prefix { get; }

    public string DeploymentId { get; }

    public string JobFile { get; }

    public string AllJob => Prefix + "-all";

    public string OnceJob => Prefix + "-once";

    public string BulkPrefix => Prefix + "-bulk-";

    public IReadOnlyList<KcronProcess> All => _replicas;

    public IEnumerable<KcronProcess> Running => _replicas.Where(r => !r.HasExited && !Stopped.Contains(r));

    /// <summary>Replicas a test has SIGSTOPped (and not yet continued).</summary>
    public HashSet<KcronProcess> Stopped { get; } = [];

    public KcronProcess Start(string? zooKeeper = null, IReadOnlyDictionary<string, string>? environment = null, int metricsPort = 0)
    {
        var name = "replica-" + Interlocked.Increment(ref _started).ToString(CultureInfo.InvariantCulture);
        var env = new Dictionary<string, string>
        {
            // librdkafka's mock cluster cannot fence a transactional producer (docs/scheduler.md): off unless asked.
            ["KCRON_SCHEDULER__TRANSACTIONALPRODUCER"] = _transactional ? "true" : "false",
            ["KCRON_SCHEDULER__TERMRETRYSECONDS"] = "1",
            ["KCRON_SCHEDULER__ZOOKEEPER__RETRYINTERVAL"] = "00:00:00.500",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var process = KcronProcess.Start(name,
        [
            "scheduler", "--jobs", JobFile, "--cluster", "cluster-a",
            "--bootstrap-servers", _bootstrapServers, "--partitions", _partitions.ToString(CultureInfo.InvariantCulture), "--fetch-wait-max-ms", "10", "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture),
            "--zookeeper", zooKeeper ?? _zooKeeper, "--replica-id", name, "--deployment-id", DeploymentId,
            "--session-timeout", _sessionTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        ], env);
        _replicas.Add(process);
        return process;
    }

    /// <summary>The highest epoch a replica announced it leads with; 0 when none did yet.</summary>
    public static long EpochOf(KcronProcess replica) =>
        replica.Lines.Select(line => LeadsLine().Match(line)).Where(m => m.Success)
            .Select(m => long.Parse(m.Groups["epoch"].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    /// <summary>Waits until a running replica leads with an epoch above <paramref name="after"/>.</summary>
    public async Task<(KcronProcess Leader, long Epoch)> WaitForLeaderAsync(long after, TimeSpan timeout)
    {
        (KcronProcess, long)? found = null;
        await Eventually.TrueAsync(() =>
        {
            var leader = Running.Select(r => (Replica: r, Epoch: EpochOf(r))).MaxBy(r => r.Epoch);
            found = leader.Epoch > after ? leader : null;
            return found is not null;
        }, timeout, () => $"no replica leads after epoch {after}\n{Transcript()}");
        return found!.Value;
    }

    public string Transcript() => string.Join(Environment.NewLine, _replicas.Select(r => r.Transcript));

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            if (Stopped.Contains(replica))
            {
                replica.Signal(PosixSignalNumber.Continue);
            }

            await replica.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Under /tmp; harmless.
        }
    }

    private string BulkJob(int index) => BulkPrefix + index.ToString("D5", CultureInfo.InvariantCulture);

    private static string YamlQuoted(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"\[2201\] Replica \S+ leads with epoch (?<epoch>\d+)")]
    private static partial Regex LeadsLine();
}
