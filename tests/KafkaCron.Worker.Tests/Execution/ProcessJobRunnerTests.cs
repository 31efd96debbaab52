using KafkaCron.Worker.Execution;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KafkaCron.Worker.Tests.Execution;

public sealed class ProcessJobRunnerTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("kcron-runner-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public async Task RunAsync_CommandExitsZero_SucceededWithOutput()
    {
        var result = await Runner().RunAsync(Command("echo hello; echo oops >&2"), CancellationToken.None);

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello\n", result.StdoutTail);
        Assert.Equal("oops\n", result.StderrTail);
        Assert.Null(result.Detail);
    }

    [Fact]
    public async Task RunAsync_CommandExitsNonZero_FailedWithExitCode()
    {
        var result = await Runner().RunAsync(Command("exit 3"), CancellationToken.None);

        Assert.Equal(RunOutcome.Failed, result.Outcome);
        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_ProcessKilledBySignal_FailedWithShellStyleExitCode()
    {
        var result = await Runner().RunAsync(Command("kill -9 $$"), CancellationToken.None);

        Assert.Equal(RunOutcome.Failed, result.Outcome);
        Assert.Equal(137, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_Args_ExecsWithoutAShell()
    {
        var request = new JobRunRequest { Args = ["/bin/echo", "$HOME", "a  b"], Environment = new Dictionary<string, string>() };

        var result = await Runner().RunAsync(request, CancellationToken.None);

        Assert.Equal("$HOME a  b\n", result.StdoutTail);
    }

    [Fact]
    public async Task RunAsync_ArgsFoundThroughPath_Runs()
    {
        var request = new JobRunRequest { Args = ["printf", "%s-%s", "x", "y"], Environment = new Dictionary<string, string>() };

        var result = await Runner().RunAsync(request, CancellationToken.None);

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        Assert.Equal("x-y", result.StdoutTail);
    }

    [Fact]
    public async Task RunAsync_Environment_HasJobVariablesInheritedOnesAndNoWorkerSettings()
    {
        const string workerSetting = "KCRON_KAFKA__CLIENT__SASL_PASSWORD_RUNNER_TEST";
        Environment.SetEnvironmentVariable(workerSetting, "secret");
        try
        {
            var request = Command("env") with
            {
                Environment = new Dictionary<string, string> { ["GREETING"] = "hi there", [JobEnvironment.Job] = "backup" },
            };

            var result = await Runner().RunAsync(request, CancellationToken.None);

            var lines = result.StdoutTail.Split('\n');
            Assert.Contains("GREETING=hi there", lines);
            Assert.Contains("KCRON_JOB=backup", lines);
            Assert.Contains(lines, line => line.StartsWith("PATH=", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, line => line.StartsWith(workerSetting, StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable(workerSetting, null);
        }
    }

    [Fact]
    public async Task RunAsync_WorkingDirectory_RunsThere()
    {
        var result = await Runner().RunAsync(Command("pwd") with { WorkingDirectory = _scratch.FullName }, CancellationToken.None);

        Assert.Equal(_scratch.FullName + "\n", result.StdoutTail);
    }

    [Fact]
    public async Task RunAsync_Job_LeadsItsOwnSessionAndProcessGroup()
    {
        // Fields 5 and 6 of /proc/PID/stat are the process group and the session.
        var result = await Runner().RunAsync(Command("echo $$ $(cut -d' ' -f5,6 /proc/$$/stat)"), CancellationToken.None);

        var ids = result.StdoutTail.Trim().Split(' ');
        Assert.Equal(3, ids.Length);
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(ids[0], ids[2]);
        Assert.NotEqual(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), ids[0]);
    }

    [Fact]
    public async Task RunAsync_Job_StartsWithDefaultSignalsStdinOnDevNullAndNoWorkerDescriptor()
    {
        // A descriptor of the worker's without close-on-exec: only closefrom in the child keeps it from the job.
        var secret = Path.Combine(_scratch.FullName, "worker-only");
        await using var held = new FileStream(secret, FileMode.Create);
        Assert.Equal(0, Fcntl(held.SafeFileHandle.DangerousGetHandle().ToInt32(), SetDescriptorFlags, 0));

        // The shell reads its own status with builtins, before it forks anything: dash blocks every signal around
        // its waits, so a grep of the shell's status from a child of it could see that instead of what it started with.
        var result = await Runner().RunAsync(
            Command("while IFS= read -r l; do case $l in SigIgn*|SigBlk*) echo \"$l\";; esac; done < /proc/$$/status; " +
                    "readlink /proc/$$/fd/0; for f in /proc/$$/fd/*; do readlink $f; done"),
            CancellationToken.None);

        var lines = result.StdoutTail.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // .NET ignores SIGPIPE; a job must not inherit that, nor any other ignored or blocked standard signal (1-31;
        // 32 and 33 are glibc's own, which no program can set and glibc installs handlers for when it needs them).
        Assert.Equal(0UL, SignalMask(lines, "SigIgn") & 0x7FFF_FFFF);
        Assert.Equal(0UL, SignalMask(lines, "SigBlk"));
        Assert.Equal("/dev/null", lines[2]);
        Assert.DoesNotContain(secret, lines);
    }

    [Fact]
    public async Task RunAsync_ExecutableThatIsNoProgram_IsASpawnErrorFromExec()
    {
        var file = Path.Combine(_scratch.FullName, "data.txt");
        await File.WriteAllTextAsync(file, "not a program\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var result = await Runner().RunAsync(new JobRunRequest { Args = [file], Environment = new Dictionary<string, string>() }, CancellationToken.None);

        Assert.Equal(RunOutcome.SpawnError, result.Outcome);
        Assert.Equal("Exec format error", result.Detail);
    }

    [Fact]
    public async Task RunAsync_ArgsFoundThroughTheJobsOwnPath_RunsThatProgram()
    {
        var script = Path.Combine(_scratch.FullName, "kcron-path-probe");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho found-in-job-path\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var request = new JobRunRequest
        {
            Args = ["kcron-path-probe"],
            Environment = new Dictionary<string, string> { ["PATH"] = _scratch.FullName + ":/usr/bin:/bin" },
        };

        var result = await Runner().RunAsync(request, CancellationToken.None);

        Assert.Equal("found-in-job-path\n", result.StdoutTail);
    }

    [Fact]
    public async Task RunAsync_ManyRunsBesideDotNetProcesses_EachGetsItsOwnExitStatus()
    {
        // .NET reaps the children it started on SIGCHLD; the runner's children must keep their statuses all the same.
        var runner = Runner();
        var runs = Enumerable.Range(0, 64).Select(i => runner.RunAsync(Command($"exit {i % 50}"), CancellationToken.None)).ToList();
        var others = Enumerable.Range(0, 16).Select(async i =>
        {
            using var process = System.Diagnostics.Process.Start("/bin/sh", ["-c", $"exit {100 + i}"]);
            await process.WaitForExitAsync();
            return process.ExitCode;
        }).ToList();

        var results = await Task.WhenAll(runs).WaitAsync(Deadline);

        Assert.Equal(Enumerable.Range(0, 64).Select(i => (int?)(i % 50)), results.Select(r => r.ExitCode));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => 100 + i), await Task.WhenAll(others));
    }

    [Fact]
    public async Task RunAsync_ProcessOutsideTheGroupHoldsTheOutputPipe_CaptureStopsAfterTheKillGrace()
    {
        var pids = Path.Combine(_scratch.FullName, "pids");
        // setsid moves the sleep into a session of its own, out of the group's reach; it keeps stdout open.
        var request = Command($"echo before; setsid sleep 300 & echo $! > {pids}; echo after");

        var result = await Runner(killGraceSeconds: 0.5).RunAsync(request, CancellationToken.None).WaitAsync(Deadline);

        try
        {
            Assert.Equal(RunOutcome.Succeeded, result.Outcome);
            Assert.Equal("before\nafter\n", result.StdoutTail);
        }
        finally
        {
            foreach (var pid in ReadPids(pids))
            {
                ProcessGroup.Signal(pid, ProcessGroup.SigKill);
            }
        }
    }

    [Fact]
    public async Task RunAsync_TimeoutOnTheInjectedClock_KillsTheWholeTreeEvenWhenItIgnoresSigterm()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var pids = Path.Combine(_scratch.FullName, "pids");
        // Parent and child both ignore SIGTERM (an ignored disposition survives exec), so only SIGKILL ends them.
        var request = Command($"trap '' TERM; sleep 300 & echo $! >> {pids}; echo $$ >> {pids}; wait") with
        {
            Timeout = TimeSpan.FromSeconds(10),
        };

        var run = Runner(time, killGraceSeconds: 2).RunAsync(request, CancellationToken.None);
        var started = await WaitForPidsAsync(pids, 2);
        Assert.False(run.IsCompleted);

        var result = await AdvanceUntilDoneAsync(time, run);

        Assert.Equal(RunOutcome.Timeout, result.Outcome);
        Assert.Null(result.ExitCode);
        Assert.Contains("timeout", result.Detail, StringComparison.Ordinal);
        // Ten seconds of timeout, then the full SIGTERM grace before SIGKILL: all on the fake clock.
        Assert.True(result.Duration >= TimeSpan.FromSeconds(12), result.Duration.ToString());
        Assert.All(started, pid => Assert.False(IsAlive(pid), $"pid {pid} survived"));
    }

    [Fact]
    public async Task RunAsync_TimeoutWithCooperativeJob_EndsAfterSigtermWithoutWaitingForTheGrace()
    {
        var time = new FakeTimeProvider();
        var pids = Path.Combine(_scratch.FullName, "pids");
        var request = Command($"echo $$ > {pids}; sleep 300") with { Timeout = TimeSpan.FromSeconds(1) };

        var run = Runner(time, killGraceSeconds: 60).RunAsync(request, CancellationToken.None);
        var started = await WaitForPidsAsync(pids, 1);
        var result = await AdvanceUntilDoneAsync(time, run);

        Assert.Equal(RunOutcome.Timeout, result.Outcome);
        Assert.True(result.Duration < TimeSpan.FromSeconds(30), result.Duration.ToString());
        Assert.False(IsAlive(started[0]));
    }

    [Fact]
    public async Task RunAsync_AbortedByShutdown_ThrowsAndKillsTheTree()
    {
        var pids = Path.Combine(_scratch.FullName, "pids");
        using var abort = new CancellationTokenSource();
        var run = Runner(killGraceSeconds: 0.5).RunAsync(
            Command($"trap '' TERM; sleep 300 & echo $! >> {pids}; echo $$ >> {pids}; wait"), abort.Token);
        var started = await WaitForPidsAsync(pids, 2);

        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Deadline));
        Assert.All(started, pid => Assert.False(IsAlive(pid), $"pid {pid} survived"));
    }

    [Fact]
    public async Task RunAsync_LeaderExitsLeavingABackgroundChild_ChildIsTerminatedAndRunSucceeds()
    {
        var pids = Path.Combine(_scratch.FullName, "pids");

        var result = await Runner(killGraceSeconds: 1).RunAsync(Command($"sleep 300 & echo $! > {pids}; echo done"), CancellationToken.None)
            .WaitAsync(Deadline);

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        Assert.Equal("done\n", result.StdoutTail);
        Assert.False(IsAlive(ReadPids(pids)[0]));
    }

    [Fact]
    public async Task RunAsync_MissingAbsoluteProgram_IsASpawnError()
    {
        var request = new JobRunRequest { Args = ["/nonexistent/kcron-job"], Environment = new Dictionary<string, string>() };

        var result = await Runner().RunAsync(request, CancellationToken.None);

        Assert.Equal(RunOutcome.SpawnError, result.Outcome);
        Assert.Null(result.ExitCode);
        Assert.Contains("no such file", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProgramNotInPath_IsASpawnError()
    {
        var request = new JobRunRequest { Args = ["kcron-no-such-program"], Environment = new Dictionary<string, string>() };

        var result = await Runner().RunAsync(request, CancellationToken.None);

        Assert.Equal(RunOutcome.SpawnError, result.Outcome);
        Assert.Contains("not found in PATH", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProgramNotExecutable_IsASpawnError()
    {
        var script = Path.Combine(_scratch.FullName, "job.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var request = new JobRunRequest { Args = ["./job.sh"], Environment = new Dictionary<string, string>(), WorkingDirectory = _scratch.FullName };

        var result = await Runner().RunAsync(request, CancellationToken.None);

        Assert.Equal(RunOutcome.SpawnError, result.Outcome);
        Assert.Contains("not executable", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RelativeProgramInWorkingDirectory_Runs()
    {
        var script = Path.Combine(_scratch.FullName, "job.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho from-script\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var request = new JobRunRequest { Args = ["./job.sh"], Environment = new Dictionary<string, string>(), WorkingDirectory = _scratch.FullName };

        var result = await Runner().RunAsync(request, CancellationToken.None);

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        Assert.Equal("from-script\n", result.StdoutTail);
    }

    [Fact]
    public async Task RunAsync_MissingWorkingDirectory_IsASpawnError()
    {
        var result = await Runner().RunAsync(Command("true") with { WorkingDirectory = "/nonexistent/dir" }, CancellationToken.None);

        Assert.Equal(RunOutcome.SpawnError, result.Outcome);
        Assert.Contains("working directory", result.Detail, StringComparison.Ordinal);
    }

    internal static ProcessJobRunner Runner(TimeProvider? time = null, double killGraceSeconds = 1) =>
        new(Options.Create(new WorkerOptions { Cluster = "test", KillGraceSeconds = killGraceSeconds, OutputTailKiB = 8 }),
            time ?? TimeProvider.System,
            NullLogger<ProcessJobRunner>.Instance);

    internal static JobRunRequest Command(string command) =>
        new() { Command = command, Environment = new Dictionary<string, string>() };

    internal static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return ProcessGroup.ParseStat(stat) is { State: not ('Z' or 'X') };
        }
        catch (IOException)
        {
            return false;
        }
    }

    private const int SetDescriptorFlags = 2; // F_SETFD

    private static ulong SignalMask(string[] statusLines, string field) =>
        ulong.Parse(statusLines.Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 2)..], System.Globalization.NumberStyles.HexNumber);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "fcntl")]
    private static extern int Fcntl(int fd, int command, int argument);

    private static async Task<int[]> WaitForPidsAsync(string file, int count)
    {
        var deadline = DateTimeOffset.UtcNow + Deadline;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (File.Exists(file) && ReadPids(file) is { } pids && pids.Length >= count)
            {
                return pids;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"the job did not write {count} pids to {file}");
    }

    private static int[] ReadPids(string file) =>
        File.ReadAllLines(file).Where(l => l.Length > 0)
            .Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Moves the fake clock on in small steps until the run (which polls on that clock) finishes.</summary>
    private static async Task<JobRunResult> AdvanceUntilDoneAsync(FakeTimeProvider time, Task<JobRunResult> run)
    {
        var deadline = DateTimeOffset.UtcNow + Deadline;
        while (!run.IsCompleted && DateTimeOffset.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(run, Task.Delay(5));
        }

        return await run.WaitAsync(TimeSpan.FromSeconds(1));
    }
}
