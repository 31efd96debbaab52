namespace KafkaCron.Worker.Execution;

/// <summary>
/// A job process the worker spawned: its pid (which is also its session and process group id), its exit, and the
/// bounded tails of its stdout and stderr. <see cref="ChildWatcher"/> owns the descriptors behind it: it reaps the
/// process through its pidfd and drains its pipes, and it alone closes them.
/// </summary>
internal sealed class ChildProcess
{
    private readonly TaskCompletionSource<ChildExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ChildProcess(int pid, int pidFd, int stdoutFd, int stderrFd, int tailBytes)
    {
        Pid = pid;
        PidFd = pidFd;
        StdoutFd = stdoutFd;
        StderrFd = stderrFd;
        Stdout = new OutputTail(tailBytes);
        Stderr = new OutputTail(tailBytes);
        if (stdoutFd < 0 && stderrFd < 0)
        {
            SetOutputClosed();
        }
    }

    public int Pid { get; }

    /// <summary>Completes once the process has exited and been reaped.</summary>
    public Task<ChildExit> Exited => _exited.Task;

    /// <summary>Completes once both pipes reached end of file (every holder closed them) or capture was stopped.</summary>
    public Task OutputClosed => _outputClosed.Task;

    public OutputTail Stdout { get; }

    public OutputTail Stderr { get; }

    // Owned by the watcher's thread from registration on; -1 once closed.
    internal int PidFd { get; set; }

    internal int StdoutFd { get; set; }

    internal int StderrFd { get; set; }

    internal volatile bool StopCaptureRequested;

    internal void SetExited(ChildExit exit) => _exited.TrySetResult(exit);

    internal void SetOutputClosed() => _outputClosed.TrySetResult();
}
