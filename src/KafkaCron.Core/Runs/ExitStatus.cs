using System.Globalization;

namespace KafkaCron.Core.Runs;

/// <summary>
/// Reads a process's exit status the way a POSIX shell reports it: 128 + N means the process (or the command a shell
/// ran for it) was ended by signal N. .NET reports a child ended by a signal the same way. A program that calls
/// <c>exit(137)</c> itself reads as killed by SIGKILL too; that is the shell's convention, and this follows it.
/// </summary>
public static class ExitStatus
{
    private const int SignalBase = 128;

    /// <summary>Linux's highest real-time signal.</summary>
    private const int HighestSignal = 64;

    /// <summary>The signal that ended the process, or null when it exited by itself.</summary>
    public static int? SignalOf(int exitCode) =>
        exitCode is > SignalBase and <= SignalBase + HighestSignal ? exitCode - SignalBase : null;

    /// <summary><c>SIGKILL</c> for 9 and so on; <c>signal 42</c> for one without a common name.</summary>
    public static string NameOf(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        10 => "SIGUSR1",
        11 => "SIGSEGV",
        12 => "SIGUSR2",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        24 => "SIGXCPU",
        25 => "SIGXFSZ",
        _ => "signal " + signal.ToString(CultureInfo.InvariantCulture),
    };
}
