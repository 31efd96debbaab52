using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace KafkaCron.ZooKeeper.Tests.Fixtures;

/// <summary>
/// One real ZooKeeper server (Debian's jars, installed by .ci/install-deps.sh) as a child process on loopback,
/// standalone or as a member of an ensemble, with its own temporary data directory.
/// </summary>
public sealed class ZooKeeperServerProcess : IAsyncDisposable
{
    private const string ZooKeeperJar = "/usr/share/java/zookeeper.jar";
    private const string LoggerJar = "/usr/share/java/slf4j-simple.jar";

    private readonly string _directory;
    private readonly string _config;
    private Process? _process;

    private ZooKeeperServerProcess(string directory, int clientPort, int myId, string? ensemble)
    {
        _directory = directory;
        ClientPort = clientPort;
        var data = Path.Combine(directory, "data");
        Directory.CreateDirectory(data);
        var config = new StringBuilder()
            .AppendLine("tickTime=250")
            .AppendLine("initLimit=20")
            .AppendLine("syncLimit=4")
            .AppendLine(CultureInfo.InvariantCulture, $"dataDir={data}")
            .AppendLine(CultureInfo.InvariantCulture, $"clientPort={clientPort}")
            .AppendLine("clientPortAddress=127.0.0.1")
            .AppendLine("minSessionTimeout=500")
            .AppendLine("maxSessionTimeout=30000")
            .AppendLine("admin.enableServer=false")
            .AppendLine("4lw.commands.whitelist=srvr,ruok,stat")
            .AppendLine("preAllocSize=1024")
            .AppendLine("snapCount=100000");
        if (ensemble is not null)
        {
            config.Append(ensemble);
            File.WriteAllText(Path.Combine(data, "myid"), myId.ToString(CultureInfo.InvariantCulture));
        }

        _config = Path.Combine(directory, "zoo.cfg");
        File.WriteAllText(_config, config.ToString());
    }

    public int ClientPort { get; }

    public string ConnectionString => $"127.0.0.1:{ClientPort}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Why no server can be started here, or null when Java and the ZooKeeper jars are installed.</summary>
    public static string? UnavailableReason { get; } = FindUnavailableReason();

    public static ZooKeeperServerProcess Standalone(int? clientPort = null) =>
        new(NewDirectory(), clientPort ?? FreePort.Next(), 0, null);

    /// <summary>Members of one ensemble on loopback; start them with <see cref="Start"/> and wait for a quorum.</summary>
    public static IReadOnlyList<ZooKeeperServerProcess> Ensemble(int size)
    {
        var peers = Enumerable.Range(1, size).Select(id => (Id: id, Client: FreePort.Next(), Quorum: FreePort.Next(), Election: FreePort.Next())).ToList();
        var servers = string.Concat(peers.Select(p => FormattableString.Invariant(
            $"server.{p.Id}=127.0.0.1:{p.Quorum}:{p.Election}\n")));
        return [.. peers.Select(p => new ZooKeeperServerProcess(NewDirectory(), p.Client, p.Id, servers))];
    }

    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        var log = Path.Combine(_directory, "server.log");
        var classPath = File.Exists(LoggerJar) ? $"{ZooKeeperJar}:{LoggerJar}" : ZooKeeperJar;
        var java = string.Join(' ',
            "exec java -Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dzookeeper.jmx.log4j.disable=true",
            $"-cp {classPath} org.apache.zookeeper.server.quorum.QuorumPeerMain {_config} >> {log} 2>&1");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(java);
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start java");
    }

    /// <summary>SIGKILL: the server vanishes without closing anything, as a crashed machine would.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Waits until the server serves clients (for an ensemble member: has joined a quorum).</summary>
    public async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"ZooKeeper on port {ClientPort} exited:\n{ReadLog()}");
            }

            var mode = await TryGetModeAsync();
            if (mode is not null)
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"ZooKeeper on port {ClientPort} did not serve within {timeout}:\n{ReadLog()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>"standalone", "leader" or "follower" from the srvr four-letter word; null when not serving.</summary>
    public async Task<string?> TryGetModeAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", ClientPort, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("srvr"u8.ToArray(), timeout.Token);
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync(timeout.Token);
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("Mode: ", StringComparison.Ordinal));
            return line?["Mode: ".Length..].Trim();
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    public string ReadLog()
    {
        var log = Path.Combine(_directory, "server.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no log)";
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kcron-zk-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static string? FindUnavailableReason()
    {
        if (!File.Exists(ZooKeeperJar))
        {
            return $"ZooKeeper is not installed ({ZooKeeperJar} missing): run .ci/install-deps.sh (or make deps)";
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':').Any(dir => File.Exists(Path.Combine(dir, "java")))
            ? null
            : "java is not on PATH: run .ci/install-deps.sh (or make deps)";
    }
}
