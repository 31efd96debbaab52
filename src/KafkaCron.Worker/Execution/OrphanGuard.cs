using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace KafkaCron.Worker.Execution;

/// <summary>
/// Stops the jobs of a worker that dies without stopping them (SIGKILL, the OOM killer). Jobs run in sessions of
/// their own so that a timeout can signal their whole tree, which also means nothing else ends them when the
/// worker dies (PR_SET_PDEATHSIG would reach only the job's first process). A small shell loop, in a session of its
/// own, waits for the worker's pid to disappear and then signals every process group listed in a registry file
/// that the worker keeps current: SIGTERM, then SIGKILL after the kill grace. In a container, where kcron is PID 1,
/// the kernel does this already; the guard covers workers run directly on a host.
/// </summary>
internal sealed class OrphanGuard : IDisposable
{
    // $1 worker pid, $2 registry file, $3 kill grace in whole seconds. POSIX sh (dash): "kill -SIG -PGID", no "--".
    private const string Script = """
        while kill -0 "$1" 2>/dev/null && [ -f "$2" ]; do sleep 1; done
        [ -f "$2" ] || exit 0
        for group in $(cat "$2"); do kill -TERM "-$group" 2>/dev/null; done
        sleep "$3"
        for group in $(cat "$2"); do kill -KILL "-$group" 2>/dev/null; done
        rm -f "$2"
        """;

    private readonly Lock _gate = new();
    private readonly HashSet<int> _groups = [];
    private readonly int _graceSeconds;
    private readonly int _watchedPid;
    private Process? _guard;
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
    }

    /// <summary>The file listing the process groups of the jobs running now, one per line.</summary>
    public string RegistryPath { get; }

    public void Register(int processGroup)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _groups.Add(processGroup);
            WriteRegistry();
            _guard ??= StartGuard();
        }
    }

    public void Unregister(int processGroup)
    {
        lock (_gate)
        {
            if (!_disposed && _groups.Remove(processGroup))
            {
                WriteRegistry();
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
            File.Delete(RegistryPath);
            if (_guard is { HasExited: false })
            {
                _guard.Kill();
            }

            _guard?.Dispose();
        }
    }

    private void WriteRegistry()
    {
        // Write then rename: the guard never reads a half-written list.
        var staging = RegistryPath + ".new";
        File.WriteAllLines(staging, _groups.Select(group => group.ToString(CultureInfo.InvariantCulture)));
        File.Move(staging, RegistryPath, overwrite: true);
    }

    private Process StartGuard()
    {
        var info = new ProcessStartInfo(ProcessJobRunner.SetsidPath)
        {
            UseShellExecute = false,
            // Not the worker's own output: a guard outliving a killed worker must not keep its log pipe open.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--", "/bin/sh", "-c", Script, "kcron-orphan-guard",
                     _watchedPid.ToString(CultureInfo.InvariantCulture), RegistryPath,
                     _graceSeconds.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        var guard = Process.Start(info) ?? throw new InvalidOperationException("the orphan guard did not start");
        guard.StandardInput.Close();
        return guard;
    }
}
