using KafkaCron.Core.Jobs;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Pipeline;
using KafkaCron.Worker.Runs;
using static KafkaCron.Worker.Tests.Runs.TestMessages;

namespace KafkaCron.Worker.Tests.Pipeline;

public sealed class ExecutionStageTests : IDisposable
{
    private readonly StageRig _rig = new();

    [Fact]
    public async Task RunAsync_AdmittedRun_RunsItAndReportsTheResult()
    {
        var run = Admit(Fire("a"), 0);

        var attempt = await _rig.Slot.RunAsync(run);

        Assert.Equal(AttemptEnd.Ran, attempt!.End);
        Assert.Equal(RunOutcome.Succeeded, attempt.Result!.Outcome);
        Assert.Single(_rig.Runner.Started);
        Assert.True(run.Ticket.Ended.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_ReplacedBeforeItStarted_ReportsReplacedWithoutRunning()
    {
        var older = Admit(Fire("a", policy: ConcurrencyPolicyNames.Replace), 0);
        Admit(Fire("a", policy: ConcurrencyPolicyNames.Replace, scheduledAt: DateTimeOffset.UnixEpoch), 1);

        var attempt = await _rig.Slot.RunAsync(older);

        Assert.Equal(AttemptEnd.Replaced, attempt!.End);
        Assert.Null(attempt.StartedAt);
        Assert.Empty(_rig.Runner.Started);
    }

    [Fact]
    public async Task RunAsync_ReplacedWhileRunning_StopsItAndTheNewerStartsAfterIt()
    {
        var held = new TaskCompletionSource();
        _rig.Runner.Held["a"] = held;
        var older = Admit(Fire("a", policy: ConcurrencyPolicyNames.Replace), 0);
        var running = _rig.Slot.RunAsync(older);
        await held.Task;
        _rig.Runner.Held.Clear();

        var newer = Admit(Fire("a", policy: ConcurrencyPolicyNames.Replace, scheduledAt: DateTimeOffset.UnixEpoch), 1);
        var second = await _rig.Slot.RunAsync(newer);

        Assert.Equal(AttemptEnd.Replaced, (await running)!.End);
        Assert.NotNull((await running)!.StartedAt);
        Assert.Equal(AttemptEnd.Ran, second!.End);
    }

    [Fact]
    public async Task RunAsync_LeaseRevokedBeforeItStarted_Abandons()
    {
        var run = Admit(Fire("a", policy: ConcurrencyPolicyNames.Forbid), 0);
        _rig.Lease.Revoke();
        _rig.Running.StopOnRevoke(_rig.Lease);

        Assert.Null(await _rig.Slot.RunAsync(run));
        Assert.Empty(_rig.Runner.Started);
    }

    [Fact]
    public async Task RunAsync_Draining_AbandonsWithoutRunning()
    {
        var run = Admit(Fire("a"), 0);
        _rig.Signals.BeginDraining();

        Assert.Null(await _rig.Slot.RunAsync(run));
        Assert.Empty(_rig.Runner.Started);
        Assert.True(run.Ticket.Ended.IsCompletedSuccessfully);
    }

    public void Dispose() => _rig.Dispose();

    private AdmittedRun Admit(Core.Messages.FireMessage fire, long offset) =>
        _rig.Admission.Decide(Fetched(fire, _rig.Lease, offset)).Run ?? throw new InvalidOperationException("not admitted");
}
