using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace KafkaCron.Worker.Execution;

/// <summary>
/// Stops the jobs of a worker that dies without stopping them (SIGKILL, the OOM killer). Jobs run in sessions of
/// their own so that a timeout can signal their whole tree, which also means nothing else ends them when the
/// worker dies (PR_SET_PDEATHSIG would reach only the job's first process). A small shell loop, in a session of its
/// own, waits for the worker's pid to disappear and then signals every process group that the worker's registry
/// lists as running: SIGTERM, then SIGKILL after the kill grace. In a container, where kcron is PID 1, the kernel
/// does this already; the guard covers workers run directly on a host.
/// <para>
/// The registry is a journal the worker only appends to: <c>+GROUP</c> when a run starts, <c>-GROUP</c> when it
/// ends, one <c>write</c> each, no rename, no fsync (the guard reads it only once the worker is dead, and a process
/// killed mid-write has either written a short line or not). When the journal has grown well past what runs now, it
/// is compacted: the running groups are written to a new file that replaces it in one rename, and appending goes on
/// there.
/// </para>
/// </summary>
internal sealed class OrphanGuard : IDisposable
{
    /// <summary>Compact once the journal holds this many lines more than the running groups need.</summary>
    internal const int CompactAfterLines = 4096;

    // $1 worker pid, $2 registry journal, $3 kill grace in whole seconds. POSIX sh (dash) and awk: "kill -SIG -PGID".
    private const string Script = """
        while kill -0 "$1" 2>/dev/null && [ -f "$2" ]; do sleep 1; done
        [ -f "$2" ] || exit 0
        groups=$(awk '{ g = substr($0, 2) } /^\+/ { live[g] = 1 } /^-/ { delete live[g] } END { for (g in live) print g }' "$2")
        for group in $groups; do kill -TERM "-$group" 2>/dev/null; done
        sleep "$3"
        for group in $groups; do kill -KILL "-$group" 2>/dev/null; done
        rm -f "$2"
        """;

    private readonly Lock _gate = new();
    private readonly HashSet<int> _groups = [];
    private readonly int _graceSeconds;
    private readonly int _watchedPid;
    private readonly ChildSpawner _spawner;
    private FileStream? _journal;
    private int _journalLines;
    private ChildProcess? _guard;
    private bool _disposed;

    public OrphanGuard(IOptions<WorkerOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value.KillGrace, Environment.ProcessId)
    {
    }

    /// <param name="killGrace">Time between SIGTERM and SIGKILL (whole seconds, at least one).</param>
    /// <param name="watchedPid">The worker whose death releases the guard (tests watch a stand-in).</param>
    internal OrphanGuard(TimeSpan killGrace, int watchedPid)
    {
        _graceSeconds = Math.Max(1, (int)Math.Ceiling(killGrace.TotalSeconds));
        _watchedPid = watchedPid;
        RegistryPath = Path.Combine(Path.GetTempPath(), FormattableString.Invariant($"kcron-worker-{watchedPid}.groups"));
        _spawner = new ChildSpawner(
            [KeyValuePair.Create("PATH", Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")], ChildWatcher.Shared);
    }

    /// <summary>The journal of the process groups of runs started (<c>+GROUP</c>) and ended (<c>-GROUP</c>).</summary>
    public string RegistryPath { get; }

    public void Register(int processGroup)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _groups.Add(processGroup);
            Append('+', processGroup);
            _guard ??= StartGuard();
        }
    }

    public void Unregister(int processGroup)
    {
        lock (_gate)
        {
            if (!_disposed && _groups.Remove(processGroup))
            {
                Append('-', processGroup);
            }
        }
    }

    /// <summary>A worker that stops normally has ended its jobs itself: the registry goes, and the guard with it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _journal?.Dispose();
            File.Delete(RegistryPath);
            if (_guard is not null)
            {
                // Its whole group: the shell and the sleep it waits in.
                ProcessGroup.Signal(_guard.Pid, ProcessGroup.SigKill);
            }
        }
    }

    private void Append(char change, int processGroup)
    {
        if (_journal is null || _journalLines >= CompactAfterLines + _groups.Count)
        {
            Compact();
        }
        else
        {
            Span<byte> line = stackalloc byte[16];
            line[0] = (byte)change;
            processGroup.TryFormat(line[1..], out var digits, provider: CultureInfo.InvariantCulture);
            line[digits + 1] = (byte)'\n';
            _journal.Write(line[..(digits + 2)]);
            _journalLines++;
        }
    }

    /// <summary>Writes the running groups to a new journal and renames it over the old one: the guard never sees half.</summary>
    private void Compact()
    {
        var staging = RegistryPath + ".new";
        var journal = new FileStream(staging, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        var lines = new StringBuilder();
        foreach (var group in _groups)
        {
            lines.Append(CultureInfo.InvariantCulture, $"+{group}\n");
        }

        journal.Write(Encoding.ASCII.GetBytes(lines.ToString()));
        File.Move(staging, RegistryPath, overwrite: true);
        _journal?.Dispose();
        _journal = journal;
        _journalLines = _groups.Count;
    }

    private ChildProcess StartGuard()
    {
        string[] argv =
        [
            "/bin/sh", "-c", Script, "kcron-orphan-guard",
            _watchedPid.ToString(CultureInfo.InvariantCulture), RegistryPath, _graceSeconds.ToString(CultureInfo.InvariantCulture),
        ];
        // No output captured: a guard outliving a killed worker must not hold a pipe of the worker's open.
        return _spawner.TrySpawn("/bin/sh", argv, new Dictionary<string, string>(), workingDirectory: "/", tailBytes: 0, out var guard, out var error)
            ? guard!
            : throw new InvalidOperationException("the orphan guard did not start: " + error);
    }
}
