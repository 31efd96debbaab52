using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.Worker.Execution;

/// <summary>
/// Runs a job as a child process that leads a session (and process group) of its own, spawned by
/// <see cref="ChildSpawner"/>: the job's pid is its group id, so a timeout or shutdown signals every process it
/// started. <see cref="ChildWatcher"/> reaps it and drains its output into bounded tails, so a chatty job neither
/// blocks on a full pipe nor grows memory, and a run holds no thread while it waits.
/// </summary>
internal sealed class ProcessJobRunner(
    IOptions<WorkerOptions> options,
    TimeProvider time,
    ILogger<ProcessJobRunner> logger,
    OrphanGuard? orphanGuard = null)
    : IJobRunner
{
    private static readonly TimeSpan GroupPollInterval = TimeSpan.FromMilliseconds(50);
    private readonly WorkerOptions _options = options.Value;
    private readonly ChildWatcher _watcher = ChildWatcher.Shared;
    private readonly ChildSpawner _spawner = new(InheritedEnvironment(), ChildWatcher.Shared);
    private readonly string? _inheritedPath = Environment.GetEnvironmentVariable("PATH");

    public async Task<JobRunResult> RunAsync(JobRunRequest request, CancellationToken abort)
    {
        abort.ThrowIfCancellationRequested();
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();

        var problem = SpawnCheck.FindProblem(request, _inheritedPath, out var program);
        if (problem is not null
            || !_spawner.TrySpawn(program, request.Argv, request.Environment, request.WorkingDirectory, _options.OutputTailKiB * 1024, out var child, out problem))
        {
            return SpawnError(startedAt, started, problem!);
        }

        var groupId = child!.Pid;
        orphanGuard?.Register(groupId);
        try
        {
            return await SuperviseAsync(request, child, groupId, startedAt, started, abort);
        }
        finally
        {
            orphanGuard?.Unregister(groupId);
        }
    }

    /// <summary>The worker's environment without its own KCRON_* settings, which may hold Kafka credentials.</summary>
    private static IEnumerable<KeyValuePair<string, string>> InheritedEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(v => KeyValuePair.Create((string)v.Key, (string?)v.Value ?? string.Empty))
            .Where(v => !v.Key.StartsWith(JobEnvironment.Prefix, StringComparison.Ordinal));

    private async Task<JobRunResult> SuperviseAsync(
        JobRunRequest request, ChildProcess child, int groupId, DateTimeOffset startedAt, long started, CancellationToken abort)
    {
        using var timeout = request.Timeout is { } limit
            ? new CancellationTokenSource(limit, time)
            : new CancellationTokenSource();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, abort);
        var timedOut = false;
        try
        {
            await child.Exited.WaitAsync(either.Token);
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

        var exit = await ReapAsync(child);
        await FinishDrainingAsync(child, groupId);
        abort.ThrowIfCancellationRequested();

        var exitCode = timedOut ? null : exit.Code;
        return new JobRunResult
        {
            Outcome = timedOut ? RunOutcome.Timeout : exitCode == 0 ? RunOutcome.Succeeded : RunOutcome.Failed,
            ExitCode = exitCode,
            StartedAt = startedAt,
            Duration = time.GetElapsedTime(started),
            StdoutTail = child.Stdout.ToString(),
            StderrTail = child.Stderr.ToString(),
            StdoutBytes = child.Stdout.TotalBytes,
            StderrBytes = child.Stderr.TotalBytes,
            Detail = timedOut
                ? FormattableString.Invariant($"no exit within the {request.Timeout!.Value.TotalSeconds:0.###} s timeout; process group terminated")
                : exitCode is null
                    ? "exit status unknown: another waiter in the worker reaped the job (.NET reaps every child of a worker that is PID 1; run it under an init)"
                    : null,
        };
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
    private async Task<ChildExit> ReapAsync(ChildProcess child)
    {
        try
        {
            return await child.Exited.WaitAsync(_options.KillGrace + TimeSpan.FromSeconds(5), time);
        }
        catch (TimeoutException)
        {
            ProcessGroup.Signal(child.Pid, ProcessGroup.SigKill);
            return await child.Exited;
        }
    }

    private async Task FinishDrainingAsync(ChildProcess child, int groupId)
    {
        try
        {
            await child.OutputClosed.WaitAsync(_options.KillGrace, time);
        }
        catch (TimeoutException)
        {
            ExecutionLog.PipesHeldOpen(logger, groupId);
            _watcher.StopCapture(child);
            await child.OutputClosed;
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
