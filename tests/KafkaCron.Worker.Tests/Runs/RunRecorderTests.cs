using Confluent.Kafka;
using KafkaCron.Core.Deduplication;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Tests.Execution;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaCron.Worker.Tests.Runs;

public sealed class RunRecorderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 5, TimeSpan.Zero);
    private static readonly PartitionLease Lease = new(new TopicPartition("kcron.jobs.c1", 3));
    private readonly RunRecorder _recorder = new(new WorkerIdentity(TestMessages.Cluster, "worker-7", "kcron.dead.c1"), "kcron.runs.c1", NullLogger.Instance);

    [Fact]
    public void RecordsFor_Succeeded_OneRecordKeyedByJobOnTheRunsTopicWithEverythingTheRunDid()
    {
        var fire = TestMessages.Fire("backup", epoch: 4) with { Attempt = 2, RemainingAttempts = 1 };

        var record = Assert.Single(_recorder.RecordsFor(Ran(fire, Result(RunOutcome.Succeeded, 0))));

        Assert.Equal("kcron.runs.c1", record.Topic);
        Assert.Equal("backup", record.Message.Key);
        Assert.True(RunRecordCodec.TryDecode(record.Message.Value, out var run, out var error), error);
        Assert.Equal(new RunRecord
        {
            FireId = fire.FireId,
            Job = "backup",
            Cluster = TestMessages.Cluster,
            Attempt = 2,
            Trigger = FireTriggers.Scheduled,
            Outcome = RunOutcomes.Succeeded,
            ScheduledAt = fire.ScheduledAt,
            StartedAt = Now - TimeSpan.FromSeconds(2),
            FinishedAt = Now,
            DurationSeconds = 2,
            ExitCode = 0,
            RemainingAttempts = 1,
            Worker = "worker-7",
            Epoch = 4,
            SourceTopic = "kcron.jobs.c1",
            SourcePartition = 3,
            SourceOffset = 41,
            StdoutTail = "dumped\n",
            StderrTail = "boom",
            StdoutBytes = 7,
            StderrBytes = 4,
        }, run);
    }

    [Fact]
    public void Of_NonZeroExit_FailedWithTheExitCode()
    {
        var run = Of(Ran(Fire(), Result(RunOutcome.Failed, 3)));

        Assert.Equal(RunOutcomes.Failed, run.Outcome);
        Assert.Equal(3, run.ExitCode);
        Assert.Null(run.Signal);
    }

    [Fact]
    public void Of_ExitStatusOfASignal_KilledWithTheSignalInsteadOfAnExitCode()
    {
        var run = Of(Ran(Fire(), Result(RunOutcome.Failed, 137)));

        Assert.Equal(RunOutcomes.Killed, run.Outcome);
        Assert.Equal(9, run.Signal);
        Assert.Null(run.ExitCode);
        Assert.Equal("ended by SIGKILL, not sent by this worker", run.Detail);
    }

    [Fact]
    public void Of_Timeout_TimedOutWithHowItWasEnforced()
    {
        var run = Of(Ran(Fire(), Result(RunOutcome.Timeout, null) with { Detail = "no exit within the 30 s timeout; process group terminated" }));

        Assert.Equal(RunOutcomes.TimedOut, run.Outcome);
        Assert.Null(run.ExitCode);
        Assert.Null(run.Signal);
        Assert.Equal("no exit within the 30 s timeout; process group terminated", run.Detail);
    }

    [Fact]
    public void Of_SpawnError_FailedWithoutAnExitCodeSayingWhy()
    {
        var run = Of(Ran(Fire(), new JobRunResult
        {
            Outcome = RunOutcome.SpawnError,
            StartedAt = Now,
            Duration = TimeSpan.Zero,
            Detail = "no-such-program: not found in PATH",
        }));

        Assert.Equal(RunOutcomes.Failed, run.Outcome);
        Assert.Null(run.ExitCode);
        Assert.Equal("could not start: no-such-program: not found in PATH", run.Detail);
        Assert.Null(run.StdoutTail);
        Assert.Null(run.StderrTail);
    }

    [Fact]
    public void Of_SkippedOverlap_NeverStartedAndSaysWhy()
    {
        var run = Of(Ended(Fire(), AttemptEnd.SkippedOverlap));

        Assert.Equal(RunOutcomes.SkippedOverlap, run.Outcome);
        Assert.Null(run.StartedAt);
        Assert.Null(run.DurationSeconds);
        Assert.Equal(Now, run.FinishedAt);
        Assert.Contains("concurrencyPolicy forbid", run.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_SkippedDuplicate_NamesTheIdempotencyKey()
    {
        var fire = Fire();
        var run = Of(Ended(fire, AttemptEnd.SkippedDuplicate) with { Verdict = new AdmissionVerdict(AdmissionOutcome.Duplicate, fire.IdempotencyKey, 3) });

        Assert.Equal(RunOutcomes.SkippedDuplicate, run.Outcome);
        Assert.Equal($"the same run ({fire.IdempotencyKey}) was admitted on this partition before", run.Detail);
    }

    [Fact]
    public void Of_StaleEpoch_NamesBothEpochs()
    {
        var fire = TestMessages.Fire("backup", epoch: 2);
        var run = Of(Ended(fire, AttemptEnd.StaleEpoch) with { Verdict = new AdmissionVerdict(AdmissionOutcome.StaleEpoch, fire.IdempotencyKey, 5) });

        Assert.Equal(RunOutcomes.StaleEpoch, run.Outcome);
        Assert.Equal(2, run.Epoch);
        Assert.Contains("epoch 2, below epoch 5", run.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_ReplacedWhileRunning_HasItsStartAndDuration()
    {
        var run = Of(Ended(Fire(), AttemptEnd.Replaced) with { StartedAt = Now - TimeSpan.FromSeconds(4) });

        Assert.Equal(RunOutcomes.Replaced, run.Outcome);
        Assert.Equal(Now - TimeSpan.FromSeconds(4), run.StartedAt);
        Assert.Equal(4, run.DurationSeconds);
        Assert.Equal("stopped by a newer fire of the job (concurrencyPolicy replace)", run.Detail);
    }

    [Fact]
    public void Of_ReplacedBeforeItStarted_HasNoStart()
    {
        var run = Of(Ended(Fire(), AttemptEnd.Replaced));

        Assert.Null(run.StartedAt);
        Assert.Null(run.DurationSeconds);
        Assert.StartsWith("superseded by a newer fire", run.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_ManualFire_IsMarkedManual()
    {
        var run = Of(Ran(Fire() with { Trigger = FireTriggers.Manual }, Result(RunOutcome.Succeeded, 0)));

        Assert.Equal(FireTriggers.Manual, run.Trigger);
    }

    [Fact]
    public void RecordsFor_Undecodable_WritesNoRunRecordItsDeadLetterIsItsRecord()
    {
        var attempt = new Attempt(TestMessages.Fetched("garbage"u8.ToArray(), Lease, 9), AttemptEnd.Undecodable, "worker-7", Now);

        Assert.Empty(_recorder.RecordsFor(attempt));
    }

    [Fact]
    public async Task Of_RealProcessKilledBySignal_IsKilledNotFailed()
    {
        var result = await ProcessJobRunnerTests.Runner().RunAsync(ProcessJobRunnerTests.Command("echo before; kill -TERM $$"), CancellationToken.None);

        var run = Of(Ran(Fire(), result));

        Assert.Equal(RunOutcomes.Killed, run.Outcome);
        Assert.Equal(15, run.Signal);
        Assert.Equal("before\n", run.StdoutTail);
    }

    private static FireMessage Fire() => TestMessages.Fire("backup");

    private RunRecord Of(Attempt attempt) => _recorder.Of(attempt, attempt.Fire!);

    private static JobRunResult Result(RunOutcome outcome, int? exitCode) => new()
    {
        Outcome = outcome,
        ExitCode = exitCode,
        StartedAt = Now - TimeSpan.FromSeconds(2),
        Duration = TimeSpan.FromSeconds(2),
        StdoutTail = "dumped\n",
        StderrTail = "boom",
        StdoutBytes = 7,
        StderrBytes = 4,
    };

    private static Attempt Ran(FireMessage fire, JobRunResult result) =>
        new(TestMessages.Fetched(fire, Lease, 41), AttemptEnd.Ran, "worker-7", Now) { Result = result };

    private static Attempt Ended(FireMessage fire, AttemptEnd end) =>
        new(TestMessages.Fetched(fire, Lease, 41), end, "worker-7", Now);
}
