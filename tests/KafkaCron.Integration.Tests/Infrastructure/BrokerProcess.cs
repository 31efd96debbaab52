using System.Globalization;

namespace KafkaCron.Integration.Tests.Infrastructure;

/// <summary>A <c>kcron broker</c> process on free loopback ports, ready when it says so.</summary>
public sealed class BrokerProcess : IAsyncDisposable
{
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

    public static async Task<BrokerProcess> StartAsync(int partitions = 2, params string[] clusters)
    {
        var port = FreePort.Next();
        var controlPort = FreePort.Next();
        var arguments = new List<string>
        {
            "broker", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--control-port", controlPort.ToString(CultureInfo.InvariantCulture),
            "--partitions", partitions.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var cluster in clusters.Length == 0 ? ["cluster-a", "cluster-b"] : clusters)
        {
            arguments.Add("--cluster");
            arguments.Add(cluster);
        }

        var process = KcronProcess.Start("broker", arguments);
        try
        {
            await process.WaitForLineAsync("ready", TimeSpan.FromSeconds(30));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new BrokerProcess(process, port, controlPort);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
