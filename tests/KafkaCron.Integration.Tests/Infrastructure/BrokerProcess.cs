using System.Globalization;

namespace KafkaCron.Integration.Tests.Infrastructure;

/// <summary>A <c>kcron broker</c> process on free loopback ports, ready when it says so.</summary>
public sealed class BrokerProcess : IAsyncDisposable
{
    // FreePort hands out a port that is free when asked; another process may bind it before the broker does. The
    // broker then says which port it could not open and exits, and the next attempt takes fresh ports.
    private const int PortAttempts = 5;

    private readonly KcronProcess _process;

    private BrokerProcess(KcronProcess process, int port, int controlPort)
    {
        _process = process;
        BootstrapServers = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
        ControlUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{controlPort}/"));
    }

    public string BootstrapServers { get; }

    public Uri ControlUrl { get; }

    public KcronProcess Process => _process;

    /// <summary>A broker with the topics of <paramref name="clusters"/> (cluster-a and cluster-b when none are named).</summary>
    public static Task<BrokerProcess> StartAsync(int partitions = 2, params string[] clusters) =>
        LaunchAsync(partitions, (clusters.Length == 0 ? ["cluster-a", "cluster-b"] : clusters).SelectMany(cluster => new[] { "--cluster", cluster }));

    /// <summary>A broker with the topics of every cluster <paramref name="jobsFile"/> declares.</summary>
    public static Task<BrokerProcess> StartWithJobsAsync(string jobsFile, int partitions) => LaunchAsync(partitions, ["--jobs", jobsFile]);

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task<BrokerProcess> LaunchAsync(int partitions, IEnumerable<string> topicArguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var controlPort = FreePort.Next();
            var process = KcronProcess.Start("broker", [
                "broker", "--port", port.ToString(CultureInfo.InvariantCulture),
                "--control-port", controlPort.ToString(CultureInfo.InvariantCulture),
                "--partitions", partitions.ToString(CultureInfo.InvariantCulture),
                .. topicArguments,
            ]);
            try
            {
                // The whole line: "control port N cannot be opened (Address already in use)" holds "ready" too.
                await process.WaitForLineAsync(line => line == "ready", TimeSpan.FromSeconds(30), "'ready'");
                return new BrokerProcess(process, port, controlPort);
            }
            catch (InvalidOperationException) when (attempt < PortAttempts && process.HasExited)
            {
                // Exited: its last lines are read once its output is closed.
                await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
                var tookAPort = TookAPort(process);
                await process.DisposeAsync();
                if (!tookAPort)
                {
                    throw;
                }
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    private static bool TookAPort(KcronProcess process) =>
        process.Lines.Any(line => line.Contains("choose another with --port", StringComparison.Ordinal)
                                  || line.Contains("choose another with --control-port", StringComparison.Ordinal));
}
