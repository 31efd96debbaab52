using System.Runtime.InteropServices;

namespace KafkaCron.BenchCompare;

/// <summary>
/// Lowers the calling thread's scheduling priority (Linux nice 19, per thread). The harness's reader decodes every
/// record it reads, about 0.3 of a core at 100,000 fires a second on the 2 cores it shares with the candidate: at
/// normal priority it takes that from the candidate while the second's fires are being published, and the lag it
/// measures is partly its own. Niced, it reads when the candidate leaves a core idle; a record's lag is its
/// CreateTime, so reading it later changes nothing that is measured, and the mock cluster keeps about 4 s.
/// </summary>
internal static partial class ReaderPriority
{
    private const int ProcessScope = 0;
    private const int Lowest = 19;

    /// <returns>Whether the priority was lowered (only on Linux).</returns>
    public static bool LowerForThisThread() =>
        OperatingSystem.IsLinux() && SetPriority(ProcessScope, GetThreadId(), Lowest) == 0;

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);
}
