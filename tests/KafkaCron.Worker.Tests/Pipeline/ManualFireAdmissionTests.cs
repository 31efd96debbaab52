using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Worker.Runs;
using Microsoft.Extensions.Logging.Abstractions;
using static KafkaCron.Worker.Tests.Runs.TestMessages;

namespace KafkaCron.Worker.Tests.Pipeline;

/// <summary>
/// A manual fire (<c>kcron trigger</c>) goes through the worker's admission like any fire: its concurrency policy applies
/// against a scheduled run of the job in progress, and it is neither a duplicate of a scheduled run of its instant nor
/// fenced as a deposed leader's. Each case ends in the run record the history shows.
/// </summary>
public sealed class ManualFireAdmissionTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly StageRig _rig = new();
    private readonly RunRecorder _recorder;

    public ManualFireAdmissionTests()
    {
        _recorder = new RunRecorder(_rig.Identity, "kcron.runs.c1", NullLogger.Instance);
    }

    [Fact]
    public async Task ManualFire_AllowWhileTheScheduledRunIsInProgress_RunsBesideIt()
    {
        var scheduled = await StartScheduledRunAsync(ConcurrencyPolicyNames.Allow);

        var manual = _rig.Admission.Decide(Fetched(Manual(ConcurrencyPolicyNames.Allow), _rig.Lease, 1));

        var record = Record(await _rig.Slot.RunAsync(manual.Run!));
        Assert.Equal((FireTriggers.Manual, RunOutcomes.Succeeded), (record.Trigger, record.Outcome));
        Assert.False(scheduled.IsCompleted, "the scheduled run was stopped");
        _rig.Signals.Kill();
        Assert.Null(await scheduled);
    }

    [Fact]
    public async Task ManualFire_ForbidWhileTheScheduledRunIsInProgress_IsSkippedAndRecordedSo()
    {
        var scheduled = await StartScheduledRunAsync(ConcurrencyPolicyNames.Forbid);

        var manual = _rig.Admission.Decide(Fetched(Manual(ConcurrencyPolicyNames.Forbid), _rig.Lease, 1));

        Assert.Null(manual.Run);
        var record = Record(manual.Ended!);
        Assert.Equal((FireTriggers.Manual, RunOutcomes.SkippedOverlap), (record.Trigger, record.Outcome));
        Assert.Single(_rig.Runner.Started);
        _rig.Signals.Kill();
        Assert.Null(await scheduled);
    }

    [Fact]
    public async Task ManualFire_ReplaceWhileTheScheduledRunIsInProgress_StopsItAndRuns()
    {
        var scheduled = await StartScheduledRunAsync(ConcurrencyPolicyNames.Replace);

        var manual = _rig.Admission.Decide(Fetched(Manual(ConcurrencyPolicyNames.Replace), _rig.Lease, 1));
        var ran = await _rig.Slot.RunAsync(manual.Run!);

        var replaced = Record(await scheduled);
        var succeeded = Record(ran);
        Assert.Equal((FireTriggers.Scheduled, RunOutcomes.Replaced), (replaced.Trigger, replaced.Outcome));
        Assert.Equal((FireTriggers.Manual, RunOutcomes.Succeeded), (succeeded.Trigger, succeeded.Outcome));
    }

    [Fact]
    public void Decide_ManualFireAtTheInstantOfAnAdmittedScheduledRun_IsNotADuplicate()
    {
        Assert.NotNull(_rig.Admission.Decide(Fetched(Fire("backup", epoch: 3, scheduledAt: At), _rig.Lease, 0)).Run);

        var decision = _rig.Admission.Decide(Fetched(Fire("backup", scheduledAt: At) with { Trigger = FireTriggers.Manual }, _rig.Lease, 1));

        Assert.NotNull(decision.Run);
    }

    [Fact]
    public void Decide_ManualFireAfterANewerLeadersFires_IsNotFencedAsStale()
    {
        Assert.NotNull(_rig.Admission.Decide(Fetched(Fire("other", epoch: 9), _rig.Lease, 0)).Run);

        var decision = _rig.Admission.Decide(Fetched(Fire("backup", scheduledAt: At) with { Trigger = FireTriggers.Manual }, _rig.Lease, 1));

        Assert.NotNull(decision.Run);
    }

    public void Dispose() => _rig.Dispose();

    private static FireMessage Manual(string policy) => Fire("backup", policy: policy, scheduledAt: At) with { Trigger = FireTriggers.Manual };

    /// <summary>Admits and starts a scheduled run of the job that runs until it is stopped.</summary>
    private async Task<Task<Attempt?>> StartScheduledRunAsync(string policy)
    {
        var fire = Fire("backup", epoch: 3, policy: policy, scheduledAt: At);
        var started = new TaskCompletionSource();
        _rig.Runner.Held["backup"] = started;
        var run = Task.Run(() => _rig.Slot.RunAsync(_rig.Admission.Decide(Fetched(fire, _rig.Lease, 0)).Run!));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _rig.Runner.Held.TryRemove("backup", out _);
        return run;
    }

    private RunRecord Record(Attempt? attempt)
    {
        Assert.NotNull(attempt);
        return _recorder.Of(attempt, attempt.Fire!);
    }
}
