using System.Diagnostics;
using KafkaCron.Worker.Execution;

namespace KafkaCron.Worker.Tests.Execution;

public sealed class OrphanGuardTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Guard_WorkerKilled_EndsTheRegisteredJobGroupsEvenWhenTheyIgnoreSigterm()
    {
        using var worker = StartInOwnSession("sleep 300");
        // A job that ignores SIGTERM and has a child of its own: only the group's SIGKILL ends it.
        using var job = StartInOwnSession("trap '' TERM; sleep 300 & wait");
        using var guard = new OrphanGuard(TimeSpan.FromSeconds(1), worker.Id);
        guard.Register(job.Id);
        await UntilAsync(() => ProcessGroup.LiveMembers(job.Id).Count() == 2, "the job and its child run");

        worker.Kill();

        await UntilAsync(() => !ProcessGroup.HasLiveMembers(job.Id), "the job's whole group ended after the worker died");
        await UntilAsync(() => !File.Exists(guard.RegistryPath), "the guard removed its registry");
    }

    [Fact]
    public async Task Guard_JobUnregisteredBeforeTheWorkerDies_IsLeftAlone()
    {
        using var worker = StartInOwnSession("sleep 300");
        using var job = StartInOwnSession("sleep 300");
        try
        {
            using (var guard = new OrphanGuard(TimeSpan.FromSeconds(1), worker.Id))
            {
                guard.Register(job.Id);
                guard.Unregister(job.Id);
                worker.Kill();
                await UntilAsync(() => !File.Exists(guard.RegistryPath), "the guard finished");
            }

            Assert.True(ProcessGroup.HasLiveMembers(job.Id), "a finished run's group id may belong to something else by now");
        }
        finally
        {
            ProcessGroup.Signal(job.Id, ProcessGroup.SigKill);
        }
    }

    [Fact]
    public void Register_RunsStartAndEnd_AppendsOneLineEach()
    {
        using var guard = new OrphanGuard(TimeSpan.FromSeconds(1), Environment.ProcessId);

        guard.Register(1_000_001);
        guard.Register(1_000_002);
        guard.Unregister(1_000_001);

        Assert.Equal(["+1000001", "+1000002", "-1000001"], ReadShared(guard.RegistryPath));
    }

    [Fact]
    public async Task Guard_JournalCompactedManyTimes_StillEndsOnlyTheRunningGroupsWhenTheWorkerDies()
    {
        using var worker = StartInOwnSession("sleep 300");
        using var job = StartInOwnSession("trap '' TERM; sleep 300 & wait");
        using var guard = new OrphanGuard(TimeSpan.FromSeconds(1), worker.Id);
        guard.Register(job.Id);
        // Runs that came and went (group ids beyond any pid, so a stray signal would hit nothing).
        for (var i = 0; i < 3 * OrphanGuard.CompactAfterLines; i++)
        {
            guard.Register(10_000_000 + i);
            guard.Unregister(10_000_000 + i);
        }

        Assert.InRange(ReadShared(guard.RegistryPath).Length, 1, OrphanGuard.CompactAfterLines + 2);
        await UntilAsync(() => ProcessGroup.LiveMembers(job.Id).Count() == 2, "the job and its child run");

        worker.Kill();

        await UntilAsync(() => !ProcessGroup.HasLiveMembers(job.Id), "the job's whole group ended after the worker died");
    }

    [Fact]
    public void Dispose_WorkerStoppingNormally_RemovesTheRegistry()
    {
        using var job = StartInOwnSession("sleep 300");
        var guard = new OrphanGuard(TimeSpan.FromSeconds(1), Environment.ProcessId);
        guard.Register(job.Id);
        Assert.True(File.Exists(guard.RegistryPath));

        guard.Dispose();

        Assert.False(File.Exists(guard.RegistryPath));
        ProcessGroup.Signal(job.Id, ProcessGroup.SigKill);
    }

    private static string[] ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static Process StartInOwnSession(string script)
    {
        var info = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "--", "/bin/sh", "-c", script })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < Patience, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
