namespace KafkaCron.Worker.Execution;

/// <summary>How a child process ended, as its parent's wait saw it.</summary>
/// <param name="Code">
/// The exit code, or 128 + signal for a child ended by a signal (as a shell reports it); null when the status was
/// taken by another waiter in the process (see <see cref="ChildWatcher"/>).
/// </param>
internal readonly record struct ChildExit(int? Code)
{
    public static ChildExit FromWait(int code, int status) =>
        new(code == LibC.ChildExited ? status : 128 + status);

    public static ChildExit Unknown => new(null);
}
