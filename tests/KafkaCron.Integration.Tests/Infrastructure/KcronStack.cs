using System.Globalization;

namespace KafkaCron.Integration.Tests.Infrastructure;

/// <summary>
/// The real programs as separate processes: a <c>kcron broker</c> (or a Kafka given by address), a scheduler and
/// named workers, on free loopback ports, in a temporary directory that holds the job file and the run log.
/// Disposing stops them all.
/// </summary>
public sealed class KcronStack : IAsyncDisposable
{
    private readonly List<KcronProcess> _processes = [];

    private KcronStack(BrokerProcess? broker, string bootstrapServers, string directory, int partitions)
    {
        Broker = broker;
        BootstrapServers = bootstrapServers;
        Partitions = partitions;
        Directory = directory;
        RunLog = new RunLog(System.IO.Path.Combine(directory, "runs.log"));
        JobFile = System.IO.Path.Combine(directory, "jobs.yaml");
    }

    /// <summary>The <c>kcron broker</c> process, or null when the stack runs against another Kafka.</summary>
    public BrokerProcess? Broker { get; }

    public string BootstrapServers { get; }

    public int Partitions { get; }

    public string Directory { get; }

    public RunLog RunLog { get; }

    public string JobFile { get; }

    public IReadOnlyList<KcronProcess> Processes => _processes;

    public static async Task<KcronStack> StartAsync(int partitions = 2, params string[] clusters)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("kcron-e2e-").FullName;
        var broker = await BrokerProcess.StartAsync(partitions, clusters);
        return new KcronStack(broker, broker.BootstrapServers, directory, partitions);
    }

    /// <summary>A stack against a Kafka that is already running; the programs provision their topics themselves.</summary>
    public static KcronStack Against(string bootstrapServers, int partitions)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("kcron-e2e-").FullName;
        return new KcronStack(broker: null, bootstrapServers, directory, partitions);
    }

    public void WriteJobFile(string yaml) => File.WriteAllText(JobFile, yaml);

    public KcronProcess StartScheduler(int? metricsPort = null, params string[] extra) =>
        Track(KcronProcess.Start("scheduler",
            ["scheduler", "--jobs", JobFile, .. Common(metricsPort), .. extra]));

    public KcronProcess StartWorker(string cluster, string workerId, int? metricsPort = null, params string[] extra) =>
        Track(KcronProcess.Start(workerId,
            ["worker", "--cluster", cluster, "--worker-id", workerId, .. Common(metricsPort), .. extra]));

    /// <summary>Every process's output, for a failure message.</summary>
    public string Transcript() => string.Join(Environment.NewLine, _processes.Select(p => p.Transcript));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A job may still hold a file open for a moment; the directory is under /tmp.
        }
    }

    private string[] Common(int? metricsPort) =>
    [
        "--bootstrap-servers", BootstrapServers,
        "--fetch-wait-max-ms", "10",
        "--session-timeout-ms", "6000",
        "--partitions", Partitions.ToString(CultureInfo.InvariantCulture),
        "--metrics-port", (metricsPort ?? 0).ToString(CultureInfo.InvariantCulture),
    ];

    private KcronProcess Track(KcronProcess process)
    {
        _processes.Add(process);
        return process;
    }
}
