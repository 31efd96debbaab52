using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace KafkaCron.Worker.Execution;

/// <summary>
/// Starts a program with glibc's <c>posix_spawn</c> (a vfork-style clone, then exec: no copy of the worker's
/// memory), as the leader of a new session and process group (<c>POSIX_SPAWN_SETSID</c>), with every signal at its
/// default disposition and none blocked, stdin on /dev/null, stdout and stderr on pipes (or /dev/null), and no other
/// descriptor of the worker (<c>closefrom(3)</c> in the child where glibc has it, close-on-exec everywhere else).
/// Exec errors come back from the call itself. The child is handed to <see cref="ChildWatcher"/> through a pidfd.
/// </summary>
internal sealed unsafe class ChildSpawner
{
    private const int WriteOnly = 1; // O_WRONLY
    private static readonly byte[] DevNull = "/dev/null\0"u8.ToArray();
    private static readonly void* Attributes = CreateAttributes();
    /// <summary>posix_spawn_file_actions_addclosefrom_np, glibc 2.34; null on an older glibc.</summary>
    private static readonly delegate* unmanaged<void*, int, int> AddCloseFrom = FindCloseFrom();

    private readonly (string Name, byte[] Entry)[] _inherited;
    private readonly ChildWatcher _watcher;

    /// <param name="inherited">The environment every child starts from; a request's own variables override it.</param>
    public ChildSpawner(IEnumerable<KeyValuePair<string, string>> inherited, ChildWatcher watcher)
    {
        _inherited = inherited.Select(v => (v.Key, Encoding.UTF8.GetBytes(v.Key + "=" + v.Value + "\0"))).ToArray();
        _watcher = watcher;
    }

    /// <summary>
    /// Fails the worker at start, naming what is missing, where jobs could not be spawned in sessions of their own
    /// and waited for through pidfds (glibc 2.29, Linux 5.4).
    /// </summary>
    public static void EnsureAvailable()
    {
        var attributes = stackalloc byte[LibC.SpawnStructBytes];
        if (LibC.AttributesInit(attributes) != 0 || LibC.AttributesSetFlags(attributes, LibC.SpawnSetSession) != 0)
        {
            throw new PlatformNotSupportedException("posix_spawn cannot start a job in a session of its own (POSIX_SPAWN_SETSID needs glibc 2.26 or later)");
        }

        if (!NativeLibrary.TryGetExport(NativeLibrary.Load("libc.so.6"), "posix_spawn_file_actions_addchdir_np", out _))
        {
            throw new PlatformNotSupportedException("posix_spawn cannot set a job's working directory (posix_spawn_file_actions_addchdir_np needs glibc 2.29 or later)");
        }

        var self = LibC.PidFdOpen(Environment.ProcessId);
        if (self < 0)
        {
            throw new PlatformNotSupportedException("pidfd_open is not available (the worker waits for jobs through pidfds: Linux 5.3 or later): "
                + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }

        var siginfo = stackalloc byte[LibC.SiginfoBytes];
        var waited = LibC.WaitId(LibC.IdTypePidFd, self, siginfo, LibC.WaitExited | LibC.WaitNoHang);
        var error = Marshal.GetLastPInvokeError();
        _ = LibC.Close(self);
        if (waited != 0 && error != LibC.NoChild)
        {
            throw new PlatformNotSupportedException("waitid(P_PIDFD) is not available (Linux 5.4 or later): " + Marshal.GetPInvokeErrorMessage(error));
        }
    }

    /// <param name="path">The program, as exec sees it (absolute, or relative to <paramref name="workingDirectory"/>).</param>
    /// <param name="argv">Its arguments, the program's name first.</param>
    /// <param name="environment">Variables set on top of the inherited environment.</param>
    /// <param name="workingDirectory">Null: the worker's.</param>
    /// <param name="tailBytes">The size of each output tail; 0 sends stdout and stderr to /dev/null.</param>
    /// <param name="error">Why the program could not be started (exec's error, e.g. "Exec format error").</param>
    public bool TrySpawn(
        string path,
        IReadOnlyList<string> argv,
        IReadOnlyDictionary<string, string> environment,
        string? workingDirectory,
        int tailBytes,
        out ChildProcess? child,
        out string? error)
    {
        string? failure = null;
        child = _watcher.SpawnAndWatch(() => Spawn(path, argv, environment, workingDirectory, tailBytes, out failure));
        error = failure;
        return child is not null;
    }

    private ChildProcess? Spawn(
        string path, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, string? workingDirectory, int tailBytes,
        out string? error)
    {
        var capture = tailBytes > 0;
        var pipes = stackalloc int[4] { -1, -1, -1, -1 };
        if (capture && (!TryCreateOutputPipe(pipes, out error) || !TryCreateOutputPipe(pipes + 2, out error)))
        {
            CloseAll(pipes, 4);
            return null;
        }

        int spawned;
        int pid;
        var strings = new NativeStrings(path, workingDirectory, argv, environment, _inherited);
        try
        {
            var actions = stackalloc byte[LibC.SpawnStructBytes];
            _ = LibC.FileActionsInit(actions);
            try
            {
                fixed (byte* devNull = DevNull)
                {
                    _ = LibC.FileActionsAddOpen(actions, 0, devNull, LibC.ReadOnly, 0);
                    if (capture)
                    {
                        _ = LibC.FileActionsAddDup2(actions, pipes[1], 1);
                        _ = LibC.FileActionsAddDup2(actions, pipes[3], 2);
                    }
                    else
                    {
                        _ = LibC.FileActionsAddOpen(actions, 1, devNull, WriteOnly, 0);
                        _ = LibC.FileActionsAddOpen(actions, 2, devNull, WriteOnly, 0);
                    }
                }

                spawned = strings.Spawn(actions, Attributes, AddCloseFrom, out pid);
            }
            finally
            {
                _ = LibC.FileActionsDestroy(actions);
            }
        }
        finally
        {
            strings.Dispose();
            // The child has its copies (or never started); the worker keeps only the read ends.
            CloseAll(pipes + 1, 1);
            CloseAll(pipes + 3, 1);
        }

        if (spawned != 0)
        {
            CloseAll(pipes, 4);
            error = Marshal.GetPInvokeErrorMessage(spawned);
            return null;
        }

        var pidFd = LibC.PidFdOpen(pid);
        if (pidFd < 0)
        {
            // Unwatchable (out of descriptors): end it now rather than leave a run nobody can wait for.
            error = "pidfd_open failed: " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            _ = LibC.Kill(-pid, ProcessGroup.SigKill);
            _ = LibC.WaitPid(pid, null, 0);
            CloseAll(pipes, 4);
            return null;
        }

        error = null;
        return new ChildProcess(pid, pidFd, pipes[0], pipes[2], Math.Max(1, tailBytes));
    }

    /// <summary>A pipe whose both ends close on exec; the worker's read end does not block.</summary>
    private static bool TryCreateOutputPipe(int* fds, out string? error)
    {
        if (LibC.Pipe2(fds, LibC.CloseOnExec) != 0
            || LibC.Fcntl(fds[0], LibC.SetStatusFlags, LibC.Fcntl(fds[0], LibC.GetStatusFlags, 0) | LibC.NonBlocking) != 0)
        {
            error = "cannot create the output pipes: " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            return false;
        }

        error = null;
        return true;
    }

    private static void CloseAll(int* fds, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (fds[i] >= 0)
            {
                _ = LibC.Close(fds[i]);
                fds[i] = -1;
            }
        }
    }

    private static void* CreateAttributes()
    {
        var attributes = NativeMemory.AllocZeroed(LibC.SpawnStructBytes);
        var signals = stackalloc byte[LibC.SignalSetBytes];
        _ = LibC.AttributesInit(attributes);
        _ = LibC.AttributesSetFlags(attributes, LibC.SpawnSetSession | LibC.SpawnSetSignalDefault | LibC.SpawnSetSignalMask);
        // Every signal back to its default: .NET ignores SIGPIPE, and a job must not inherit that (nor any other).
        _ = LibC.SignalSetFill(signals);
        _ = LibC.AttributesSetSignalDefault(attributes, signals);
        _ = LibC.SignalSetEmpty(signals);
        _ = LibC.AttributesSetSignalMask(attributes, signals);
        return attributes;
    }

    private static delegate* unmanaged<void*, int, int> FindCloseFrom() =>
        NativeLibrary.TryGetExport(NativeLibrary.Load("libc.so.6"), "posix_spawn_file_actions_addclosefrom_np", out var address)
            ? (delegate* unmanaged<void*, int, int>)address
            : null;

    /// <summary>The path, working directory, argv and envp as NUL-terminated UTF-8 in one rented buffer.</summary>
    private readonly struct NativeStrings : IDisposable
    {
        private readonly byte[] _bytes;
        private readonly nint[] _offsets;
        private readonly int _argvCount;
        private readonly int _envCount;
        private readonly int _directoryOffset;

        public NativeStrings(
            string path, string? workingDirectory, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment,
            (string Name, byte[] Entry)[] inherited)
        {
            var size = Encoding.UTF8.GetByteCount(path) + 1 + (workingDirectory is null ? 0 : Encoding.UTF8.GetByteCount(workingDirectory) + 1);
            foreach (var argument in argv)
            {
                size += Encoding.UTF8.GetByteCount(argument) + 1;
            }

            foreach (var (name, entry) in inherited)
            {
                size += environment.ContainsKey(name) ? 0 : entry.Length;
            }

            foreach (var (name, value) in environment)
            {
                size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value) + 2;
            }

            _bytes = ArrayPool<byte>.Shared.Rent(size);
            _offsets = ArrayPool<nint>.Shared.Rent(argv.Count + inherited.Length + environment.Count + 2);
            var at = Put(path, 0);
            _directoryOffset = workingDirectory is null ? -1 : at;
            at = workingDirectory is null ? at : Put(workingDirectory, at);

            var slot = 0;
            foreach (var argument in argv)
            {
                _offsets[slot++] = at;
                at = Put(argument, at);
            }

            _argvCount = slot;
            foreach (var (name, entry) in inherited)
            {
                if (!environment.ContainsKey(name))
                {
                    _offsets[slot++] = at;
                    entry.CopyTo(_bytes, at);
                    at += entry.Length;
                }
            }

            foreach (var (name, value) in environment)
            {
                _offsets[slot++] = at;
                at += Encoding.UTF8.GetBytes(name, 0, name.Length, _bytes, at);
                _bytes[at++] = (byte)'=';
                at = Put(value, at);
            }

            _envCount = slot - _argvCount;
        }

        /// <returns>posix_spawn's result: 0, or the error number.</returns>
        public int Spawn(void* actions, void* attributes, delegate* unmanaged<void*, int, int> addCloseFrom, out int pid)
        {
            fixed (byte* bytes = _bytes)
            {
                if (_directoryOffset >= 0)
                {
                    _ = LibC.FileActionsAddChdir(actions, bytes + _directoryOffset);
                }

                if (addCloseFrom != null)
                {
                    _ = addCloseFrom(actions, 3);
                }

                var pointers = stackalloc byte*[_argvCount + _envCount + 2];
                for (var i = 0; i < _argvCount; i++)
                {
                    pointers[i] = bytes + _offsets[i];
                }

                pointers[_argvCount] = null;
                var envp = pointers + _argvCount + 1;
                for (var i = 0; i < _envCount; i++)
                {
                    envp[i] = bytes + _offsets[_argvCount + i];
                }

                envp[_envCount] = null;
                return LibC.PosixSpawn(out pid, bytes, actions, attributes, pointers, envp);
            }
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            ArrayPool<nint>.Shared.Return(_offsets);
        }

        private int Put(string value, int at)
        {
            at += Encoding.UTF8.GetBytes(value, 0, value.Length, _bytes, at);
            _bytes[at] = 0;
            return at + 1;
        }
    }
}
