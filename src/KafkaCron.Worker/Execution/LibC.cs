using System.Runtime.InteropServices;

namespace KafkaCron.Worker.Execution;

/// <summary>
/// The glibc and Linux calls the worker starts, watches and signals its jobs with (posix_spawn, pidfd, waitid, poll,
/// kill, access). Values are Linux's, the same on x86-64 and arm64 (checked against glibc 2.36's headers); the opaque
/// spawn structures get generously sized buffers.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    // <spawn.h> flags (glibc): POSIX_SPAWN_SETSID since 2.26.
    public const short SpawnSetSignalDefault = 0x04;
    public const short SpawnSetSignalMask = 0x08;
    public const short SpawnSetSession = 0x80;

    /// <summary>posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 on glibc x86-64/arm64.</summary>
    public const int SpawnStructBytes = 512;
    public const int SignalSetBytes = 128;

    public const int ReadOnly = 0;        // O_RDONLY
    public const int NonBlocking = 0x800; // O_NONBLOCK
    public const int CloseOnExec = 0x80000; // O_CLOEXEC, also EFD_CLOEXEC
    public const int GetStatusFlags = 3;  // F_GETFL
    public const int SetStatusFlags = 4;  // F_SETFL

    public const int PidFdOpenSyscall = 434; // the same number on every Linux architecture since 5.3
    public const int IdTypePidFd = 3;        // P_PIDFD, Linux 5.4
    public const int IdTypeAll = 0;          // P_ALL
    public const int WaitNoHang = 1;         // WNOHANG
    public const int WaitExited = 4;         // WEXITED
    public const int WaitNoWait = 0x01000000; // WNOWAIT

    public const int ChildExited = 1; // CLD_EXITED: si_status is the exit code; otherwise the signal
    public const int SiginfoBytes = 128;
    public const int SiginfoCodeOffset = 8;
    public const int SiginfoPidOffset = 16;
    public const int SiginfoStatusOffset = 24;

    public const short PollIn = 0x001;

    public const int Interrupted = 4;  // EINTR
    public const int WouldBlock = 11;  // EAGAIN
    public const int NoChild = 10;     // ECHILD

    public const int SignalChild = 17; // SIGCHLD on x86-64 and arm64

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport(Library, EntryPoint = "posix_spawn")]
    public static partial int PosixSpawn(out int pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int FileActionsInit(void* fileActions);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int FileActionsDestroy(void* fileActions);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int FileActionsAddOpen(void* fileActions, int fd, byte* path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int FileActionsAddDup2(void* fileActions, int fd, int newFd);

    /// <summary>glibc 2.29.</summary>
    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    public static partial int FileActionsAddChdir(void* fileActions, byte* path);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_init")]
    public static partial int AttributesInit(void* attributes);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_setflags")]
    public static partial int AttributesSetFlags(void* attributes, short flags);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int AttributesSetSignalDefault(void* attributes, void* signals);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int AttributesSetSignalMask(void* attributes, void* signals);

    [LibraryImport(Library, EntryPoint = "sigemptyset")]
    public static partial int SignalSetEmpty(void* signals);

    [LibraryImport(Library, EntryPoint = "sigfillset")]
    public static partial int SignalSetFill(void* signals);

    [LibraryImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe2(int* fds, int flags);

    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(Library, EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    public static partial long Syscall(long number, long first, long second);

    [LibraryImport(Library, EntryPoint = "waitid", SetLastError = true)]
    public static partial int WaitId(int idType, int id, byte* siginfo, int options);

    [LibraryImport(Library, EntryPoint = "waitpid", SetLastError = true)]
    public static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport(Library, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport(Library, EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Access(string path, int mode);

    [LibraryImport(Library, EntryPoint = "sigaction", SetLastError = true)]
    public static partial int SignalAction(int signal, void* action, void* oldAction);

    public static int PidFdOpen(int pid) => (int)Syscall(PidFdOpenSyscall, pid, 0);
}
