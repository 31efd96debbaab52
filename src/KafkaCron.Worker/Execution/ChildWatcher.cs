using System.Runtime.InteropServices;

namespace KafkaCron.Worker.Execution;

/// <summary>
/// The one owner of every child the worker spawns: a dedicated thread that waits in <c>poll</c> on each child's
/// pidfd and output pipes, reaps a child the moment its pidfd turns readable (<c>waitid(P_PIDFD)</c>, which waits
/// for that child only), and drains its pipes into their bounded tails. So a run costs no thread while it waits, a
/// flood of output is read in 16 KiB pieces in turn with every other child's, and no exit status is reaped by
/// anyone else: .NET's own SIGCHLD handling (<c>System.Diagnostics.Process</c>) reaps only the pids it started,
/// unless the worker is PID 1 or started with SIGCHLD ignored, where it reaps every child. SIGCHLD ignored is undone
/// here before the first spawn; as PID 1 this thread also reaps the orphans the kernel hands the worker, and a
/// status .NET took anyway comes back as <see cref="ChildExit.Unknown"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One per process, alive as long as the process")]
internal sealed unsafe class ChildWatcher
{
    private const int ChunkBytes = 16 * 1024;
    /// <summary>At most this many chunks per pipe per turn, so one flooding job cannot starve the others' pipes.</summary>
    private const int ChunksPerTurn = 4;
    private static readonly Lazy<ChildWatcher> s_shared = new(() => new ChildWatcher(Environment.ProcessId == 1));

    private readonly Lock _gate = new();
    private readonly List<ChildProcess> _added = [];
    private readonly List<ChildProcess> _children = [];
    private readonly int _wakeFd;
    private readonly bool _reapOrphans;
    private readonly ReaderWriterLockSlim _spawning = new();
    private readonly byte[] _chunk = GC.AllocateArray<byte>(ChunkBytes, pinned: true);

    private ChildWatcher(bool reapOrphans)
    {
        RestoreDefaultChildSignal();
        _reapOrphans = reapOrphans;
        _wakeFd = LibC.EventFd(0, LibC.CloseOnExec | LibC.NonBlocking);
        if (_wakeFd < 0)
        {
            throw new InvalidOperationException("eventfd failed: " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }

        new Thread(Loop) { IsBackground = true, Name = "kcron-children" }.Start();
    }

    public static ChildWatcher Shared => s_shared.Value;

    /// <summary>
    /// Runs <paramref name="spawn"/> and watches the child it returns (null: none started). As PID 1 the orphan
    /// sweep waits meanwhile, so a child that exits before it is watched cannot be taken for an orphan.
    /// </summary>
    public ChildProcess? SpawnAndWatch(Func<ChildProcess?> spawn)
    {
        _spawning.EnterReadLock();
        try
        {
            if (spawn() is not { } child)
            {
                return null;
            }

            lock (_gate)
            {
                _added.Add(child);
            }

            Wake();
            return child;
        }
        finally
        {
            _spawning.ExitReadLock();
        }
    }

    /// <summary>Stops reading the child's pipes (a process outside its group holds them open); what was read is kept.</summary>
    public void StopCapture(ChildProcess child)
    {
        child.StopCaptureRequested = true;
        Wake();
    }

    private void Wake()
    {
        ulong one = 1;
        _ = LibC.Write(_wakeFd, (byte*)&one, sizeof(ulong));
    }

    private void Loop()
    {
        var polled = new LibC.PollFd[16];
        var owners = new ChildProcess?[16];
        var siginfo = stackalloc byte[LibC.SiginfoBytes];
        while (true)
        {
            TakeAdded();
            var count = 1;
            polled[0] = new LibC.PollFd { Fd = _wakeFd, Events = LibC.PollIn };
            foreach (var child in _children)
            {
                if (polled.Length < count + 3)
                {
                    Array.Resize(ref polled, polled.Length * 2);
                    Array.Resize(ref owners, polled.Length);
                }

                foreach (var fd in (ReadOnlySpan<int>)[child.PidFd, child.StdoutFd, child.StderrFd])
                {
                    if (fd >= 0)
                    {
                        owners[count] = child;
                        polled[count++] = new LibC.PollFd { Fd = fd, Events = LibC.PollIn };
                    }
                }
            }

            int ready;
            fixed (LibC.PollFd* fds = polled)
            {
                ready = LibC.Poll(fds, (nuint)count, _reapOrphans ? 1000 : -1);
            }

            if (ready < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error != LibC.Interrupted)
                {
                    Environment.FailFast("poll on the job processes failed: " + Marshal.GetPInvokeErrorMessage(error));
                }

                continue;
            }

            if (polled[0].ReturnedEvents != 0)
            {
                ulong drained;
                _ = LibC.Read(_wakeFd, (byte*)&drained, sizeof(ulong));
            }

            for (var i = 1; i < count && ready > 0; i++)
            {
                if (polled[i].ReturnedEvents == 0)
                {
                    continue;
                }

                ready--;
                var child = owners[i]!;
                var fd = polled[i].Fd;
                if (fd == child.PidFd)
                {
                    Reap(child, siginfo);
                }
                else
                {
                    Drain(child, fd);
                }
            }

            if (_reapOrphans)
            {
                ReapOrphans(siginfo);
            }

            Array.Clear(owners, 0, count);
        }
    }

    private void TakeAdded()
    {
        lock (_gate)
        {
            _children.AddRange(_added);
            _added.Clear();
        }

        foreach (var child in _children)
        {
            if (child.StopCaptureRequested && (child.StdoutFd >= 0 || child.StderrFd >= 0))
            {
                CloseOutput(child);
            }
        }

        _children.RemoveAll(child => child.PidFd < 0 && child.StdoutFd < 0 && child.StderrFd < 0);
    }

    private static void Reap(ChildProcess child, byte* siginfo)
    {
        new Span<byte>(siginfo, LibC.SiginfoBytes).Clear();
        if (LibC.WaitId(LibC.IdTypePidFd, child.PidFd, siginfo, LibC.WaitExited | LibC.WaitNoHang) == 0)
        {
            if (*(int*)(siginfo + LibC.SiginfoPidOffset) == 0)
            {
                return; // not exited after all
            }

            child.SetExited(ChildExit.FromWait(*(int*)(siginfo + LibC.SiginfoCodeOffset), *(int*)(siginfo + LibC.SiginfoStatusOffset)));
        }
        else
        {
            var error = Marshal.GetLastPInvokeError();
            if (error == LibC.Interrupted)
            {
                return;
            }

            // ECHILD: reaped by another waiter in this process.
            child.SetExited(ChildExit.Unknown);
        }

        _ = LibC.Close(child.PidFd);
        child.PidFd = -1;
    }

    private void Drain(ChildProcess child, int fd)
    {
        var tail = fd == child.StdoutFd ? child.Stdout : child.Stderr;
        var buffer = _chunk;
        fixed (byte* bytes = buffer)
        {
            for (var chunk = 0; chunk < ChunksPerTurn; chunk++)
            {
                var read = LibC.Read(fd, bytes, ChunkBytes);
                if (read > 0)
                {
                    tail.Append(buffer.AsSpan(0, (int)read));
                    continue;
                }

                if (read < 0 && Marshal.GetLastPInvokeError() is LibC.WouldBlock or LibC.Interrupted)
                {
                    return;
                }

                // End of file: every writer closed it (or an error no read will mend).
                _ = LibC.Close(fd);
                if (fd == child.StdoutFd)
                {
                    child.StdoutFd = -1;
                }
                else
                {
                    child.StderrFd = -1;
                }

                if (child.StdoutFd < 0 && child.StderrFd < 0)
                {
                    child.SetOutputClosed();
                }

                return;
            }
        }
    }

    /// <summary>Stops capture: what the pipes hold already is read first (one turn's worth), then they are closed.</summary>
    private void CloseOutput(ChildProcess child)
    {
        foreach (var fd in (ReadOnlySpan<int>)[child.StdoutFd, child.StderrFd])
        {
            if (fd >= 0)
            {
                Drain(child, fd);
            }
        }

        foreach (var fd in (ReadOnlySpan<int>)[child.StdoutFd, child.StderrFd])
        {
            if (fd >= 0)
            {
                _ = LibC.Close(fd);
            }
        }

        child.StdoutFd = -1;
        child.StderrFd = -1;
        child.SetOutputClosed();
    }

    /// <summary>
    /// As PID 1 the worker inherits every orphan of the container and must reap it, or zombies pile up. A child
    /// that is being watched is left to <see cref="Reap"/>; the write lock keeps spawns out while the sweep looks.
    /// </summary>
    private void ReapOrphans(byte* siginfo)
    {
        _spawning.EnterWriteLock();
        try
        {
            TakeAdded();
            while (true)
            {
                new Span<byte>(siginfo, LibC.SiginfoBytes).Clear();
                if (LibC.WaitId(LibC.IdTypeAll, 0, siginfo, LibC.WaitExited | LibC.WaitNoHang | LibC.WaitNoWait) != 0)
                {
                    return;
                }

                var pid = *(int*)(siginfo + LibC.SiginfoPidOffset);
                if (pid == 0)
                {
                    return;
                }

                var watched = _children.Find(child => child.Pid == pid && child.PidFd >= 0);
                if (watched is not null)
                {
                    Reap(watched, siginfo);
                }
                else
                {
                    _ = LibC.WaitPid(pid, null, LibC.WaitNoHang);
                }
            }
        }
        finally
        {
            _spawning.ExitWriteLock();
        }
    }

    /// <summary>
    /// A worker started with SIGCHLD ignored would have its children reaped by the kernel the moment they exit,
    /// leaving no status to wait for; the default disposition keeps them until they are reaped.
    /// </summary>
    private static void RestoreDefaultChildSignal()
    {
        // struct sigaction starts with the handler on glibc (x86-64, arm64); SIG_IGN is 1, SIG_DFL 0.
        var current = stackalloc byte[256];
        var restored = stackalloc byte[256];
        new Span<byte>(restored, 256).Clear();
        if (LibC.SignalAction(LibC.SignalChild, null, current) == 0 && *(nint*)current == 1)
        {
            _ = LibC.SignalAction(LibC.SignalChild, restored, null);
        }
    }
}
