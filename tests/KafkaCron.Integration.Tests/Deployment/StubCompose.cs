namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>
/// A docker-compose stand-in first on PATH: it records every call (one line each, without <c>-f FILE</c>), answers
/// <c>ps --services</c>, <c>port</c> and <c>logs</c> from what the test set up, and snapshots the job file at each SIGHUP.
/// </summary>
internal sealed class StubCompose : IDisposable
{
    private const string Script = """
        #!/usr/bin/env bash
        set -euo pipefail
        if [ "${1:-}" = "-f" ]; then shift 2; fi
        call="$*"
        printf '%s\n' "${call//$'\n'/ }" >> "$STUB_LOG"
        case "${1:-} ${2:-}" in
          "ps --services") cat "$STUB_SERVICES" ;;
          "port "*) awk -v service="$2" '$1 == service { print $2 }' "$STUB_PORTS" ;;
          "logs "*) cat "$STUB_LOGS" ;;
          "kill -s")
            if [ "${3:-}" = SIGHUP ] && [ -n "${STUB_JOBS:-}" ]; then
              cp "$STUB_JOBS" "$STUB_SNAPSHOTS/reload-$(grep -c '^kill -s SIGHUP' "$STUB_LOG").yaml"
            fi ;;
        esac
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("kcron-stub-compose-").FullName;
    private readonly string _bin;
    private readonly Dictionary<string, string> _environment;

    public StubCompose()
    {
        _bin = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
        Tool("docker-compose", Script);
        Directory.CreateDirectory(Path.Combine(_root, "snapshots"));
        ComposeFile = Path.Combine(_root, "docker-compose.yml");
        File.WriteAllText(ComposeFile, "services: {}\n");
        File.WriteAllText(LogFile, string.Empty);
        File.WriteAllText(Path.Combine(_root, "services"), string.Empty);
        File.WriteAllText(Path.Combine(_root, "ports"), string.Empty);
        File.WriteAllText(Path.Combine(_root, "logs"), string.Empty);
        _environment = new Dictionary<string, string>
        {
            ["PATH"] = _bin + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
            ["STUB_LOG"] = LogFile,
            ["STUB_SERVICES"] = Path.Combine(_root, "services"),
            ["STUB_PORTS"] = Path.Combine(_root, "ports"),
            ["STUB_LOGS"] = Path.Combine(_root, "logs"),
            ["STUB_SNAPSHOTS"] = Path.Combine(_root, "snapshots"),
        };
    }

    /// <summary>The compose file the scripts are pointed at; the stub never reads it.</summary>
    public string ComposeFile { get; }

    public IReadOnlyDictionary<string, string> Environment => _environment;

    public IReadOnlyList<string> Calls => File.ReadAllLines(LogFile);

    public string JobFileAtFirstReload => Path.Combine(_root, "snapshots", "reload-1.yaml");

    private string LogFile => Path.Combine(_root, "calls.log");

    public void RunningServices(params string[] services) =>
        File.WriteAllLines(Path.Combine(_root, "services"), services);

    /// <summary>Another stand-in first on PATH: <paramref name="name"/> runs the bash <paramref name="script"/>.</summary>
    public void Tool(string name, string script)
    {
        var path = Path.Combine(_bin, name);
        File.WriteAllText(path, script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Where the stub keeps its files; a test's own stand-ins may write there.</summary>
    public string Root => _root;

    /// <summary>What <c>logs</c> prints from now on.</summary>
    public void Logs(IEnumerable<string> lines) => File.WriteAllLines(Path.Combine(_root, "logs"), lines);

    public void PublishedPort(string service, string address) =>
        File.AppendAllLines(Path.Combine(_root, "ports"), [$"{service} {address}"]);

    /// <summary>A small job file ending with its jobs: list, as the drills that edit a job file need.</summary>
    public const string SampleJobs = """
        # a job file
        clusters: [cluster-a, cluster-b]
        jobs:
          - name: heartbeat-a
            schedule: "@every 2s"
            cluster: cluster-a
            command: echo hi
        """;

    /// <summary>A job file alone in its own directory, snapshotted by the stub whenever SIGHUP is sent.</summary>
    public string JobFile(string content)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(_root, "jobs")).FullName, "jobs.yaml");
        File.WriteAllText(path, content + "\n");
        _environment["STUB_JOBS"] = path;
        return path;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
