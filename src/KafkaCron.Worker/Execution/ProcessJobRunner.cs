using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.Worker.Execution;

/// <summary>
/// Runs a job as a child process in a session (and process group) of its own, started through util-linux
/// <c>setsid</c>: the job's pid is its group id, so a timeout or shutdown signals every process it started.
/// Output is drained continuously into bounded tails, so a chatty job neither blocks on a full pipe nor grows memory.
/// </summary>
internal sealed class ProcessJobRunner(
    IOptions<WorkerOptions> options,
    TimeProvider time,
    ILogger<ProcessJobRunner> logger,
    OrphanGuard? orphanGuard = null)
    : IJobRunner
{
    public const string SetsidPath = "/usr/bin/setsid";

    private static readonly TimeSpan GroupPollInterval = TimeSpan.FromMilliseconds(50);
    private readonly WorkerOptions _options = options.Value;

    /// <summary>Fails the worker at start, with the fix, where jobs could not be put in their own process group.</summary>
    public static void EnsureAvailable()
    {
        if (!File.Exists(SetsidPath))
        {
            throw new InvalidOperationException(
                $"{SetsidPath} is missing: the worker starts every job in its own session through util-linux setsid " +
                "(install the util-linux package)");
        }
    }

    public async Task<JobRunResult> RunAsync(JobRunRequest request, CancellationToken abort)
    {
        abort.ThrowIfCancellationRequested();
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();

        var problem = SpawnCheck.FindProblem(request, Environment.GetEnvironmentVariable("PATH"));
        if (problem is not null)
        {
            return SpawnError(startedAt, started, problem);
        }

        using var process = new Process { StartInfo = StartInfo(request) };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or IOException or InvalidOperationException)
        {
            return SpawnError(startedAt, started, ex.Message);
        }

        var groupId = process.Id;
        orphanGuard?.Register(groupId);
        try
        {
            return await SuperviseAsync(request, process, groupId, startedAt, started, abort);
        }
        finally
        {
            orphanGuard?.Unregister(groupId);
        }
    }

    private async Task<JobRunResult> SuperviseAsync(
        JobRunRequest request, Process process, int groupId, DateTimeOffset startedAt, long started, CancellationToken abort)
    {
        process.StandardInput.Close();
        var tailBytes = _options.OutputTailKiB * 1024;
        var stdout = new OutputTail(tailBytes);
        var stderr = new OutputTail(tailBytes);
        using var stopDraining = new CancellationTokenSource();
        var draining = Task.WhenAll(
            DrainAsync(process.StandardOutput.BaseStream, stdout, stopDraining.Token),
            DrainAsync(process.StandardError.BaseStream, stderr, stopDraining.Token));

        using var timeout = request.Timeout is { } limit
            ? new CancellationTokenSource(limit, time)
            : new CancellationTokenSource();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, abort);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(either.Token);
        }
        catch (OperationCanceledException) when (either.IsCancellationRequested)
        {
            // Tell the job's own timeout apart from the worker giving up on it.
            timedOut = !abort.IsCancellationRequested;
            if (timedOut)
            {
                ExecutionLog.TimedOut(logger, groupId, request.Timeout!.Value);
            }
            else
            {
                ExecutionLog.Aborted(logger, groupId);
            }

            await TerminateAsync(groupId);
        }

        if (!timedOut && !abort.IsCancellationRequested && ProcessGroup.HasLiveMembers(groupId))
        {
            ExecutionLog.LeftoverProcesses(logger, groupId, string.Join(',', ProcessGroup.LiveMembers(groupId)));
            await TerminateAsync(groupId);
        }

        await ReapAsync(process);
        await FinishDrainingAsync(draining, stopDraining, groupId);
        abort.ThrowIfCancellationRequested();

        var exitCode = timedOut ? (int?)null : process.ExitCode;
        return new JobRunResult
        {
            Outcome = timedOut ? RunOutcome.Timeout : exitCode == 0 ? RunOutcome.Succeeded : RunOutcome.Failed,
            ExitCode = exitCode,
            StartedAt = startedAt,
            Duration = time.GetElapsedTime(started),
            StdoutTail = stdout.ToString(),
            StderrTail = stderr.ToString(),
            StdoutBytes = stdout.TotalBytes,
            StderrBytes = stderr.TotalBytes,
            Detail = timedOut
                ? FormattableString.Invariant($"no exit within the {request.Timeout!.Value.TotalSeconds:0.###} s timeout; process group terminated")
                : null,
        };
    }

    private static ProcessStartInfo StartInfo(JobRunRequest request)
    {
        var info = new ProcessStartInfo(SetsidPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = request.WorkingDirectory ?? string.Empty,
        };

        // "--" so that a program whose name starts with '-' is not read as a setsid option.
        info.ArgumentList.Add("--");
        foreach (var argument in request.Argv)
        {
            info.ArgumentList.Add(argument);
        }

        // The worker's own KCRON_* settings may hold Kafka credentials; jobs see only their own KCRON_* variables.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith(JobEnvironment.Prefix, StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in request.Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static async Task DrainAsync(Stream stream, OutputTail tail, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                tail.Append(buffer.AsSpan(0, read));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Capture stopped on purpose; what was read is kept.
        }
    }

    /// <summary>SIGTERM to the group, SIGKILL after the kill grace if anything is left.</summary>
    private async Task TerminateAsync(int groupId)
    {
        var grace = _options.KillGrace;
        ProcessGroup.Signal(groupId, ProcessGroup.SigTerm);
        if (await GroupGoneWithinAsync(groupId, grace))
        {
            return;
        }

        ExecutionLog.Escalating(logger, groupId, grace);
        ProcessGroup.Signal(groupId, ProcessGroup.SigKill);
        if (!await GroupGoneWithinAsync(groupId, grace))
        {
            ExecutionLog.SurvivedKill(logger, groupId, string.Join(',', ProcessGroup.LiveMembers(groupId)));
        }
    }

    private async Task<bool> GroupGoneWithinAsync(int groupId, TimeSpan within)
    {
        var since = time.GetTimestamp();
        while (ProcessGroup.HasLiveMembers(groupId))
        {
            if (time.GetElapsedTime(since) >= within)
            {
                return false;
            }

            await Task.Delay(GroupPollInterval, time);
        }

        return true;
    }

    /// <summary>Waits for the leader's exit status; it is dead or dying by now, so this is short.</summary>
    private async Task ReapAsync(Process process)
    {
        using var bound = new CancellationTokenSource(_options.KillGrace + TimeSpan.FromSeconds(5), time);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            ProcessGroup.Signal(process.Id, ProcessGroup.SigKill);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private async Task FinishDrainingAsync(Task draining, CancellationTokenSource stopDraining, int groupId)
    {
        try
        {
            await draining.WaitAsync(_options.KillGrace, time);
        }
        catch (TimeoutException)
        {
            ExecutionLog.PipesHeldOpen(logger, groupId);
            await stopDraining.CancelAsync();
            await draining;
        }
    }

    private JobRunResult SpawnError(DateTimeOffset startedAt, long started, string reason) => new()
    {
        Outcome = RunOutcome.SpawnError,
        StartedAt = startedAt,
        Duration = time.GetElapsedTime(started),
        Detail = reason,
    };
}
