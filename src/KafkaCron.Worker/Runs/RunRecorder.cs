using System.Diagnostics;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Outcomes;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Runs;

/// <summary>
/// The run history: one record on the cluster's runs topic for every attempt of a fire, ran or refused, written by
/// the <see cref="OutcomeWriter"/> before the attempt's offset commits, so a crash never loses a record without the
/// attempt running again. A message that is not a fire gets none: it names no job to trust, and its dead letter
/// (<c>kcron dead-letters</c>) is its record. An attempt abandoned at shutdown or on a revoke gets none either: it
/// was not finished, and the run that finishes it writes the record.
/// </summary>
internal sealed class RunRecorder(WorkerIdentity identity, string runsTopic, ILogger logger) : IOutcomeRecorder
{
    public IEnumerable<OutcomeRecord> RecordsFor(Attempt attempt)
    {
        if (attempt.Fire is not { } fire)
        {
            return [];
        }

        var run = Of(attempt, fire);
        return [OutcomeRecord.Of(runsTopic, run, () => RunLog.Recorded(logger, run.Job, run.FireId, run.Attempt, run.Outcome, runsTopic))];
    }

    /// <summary>The record of one attempt: what every outcome shares, then what its end adds.</summary>
    internal RunRecord Of(Attempt attempt, FireMessage fire)
    {
        var run = new RunRecord
        {
            FireId = fire.FireId,
            Job = fire.Job,
            Cluster = fire.Cluster ?? identity.Cluster,
            Attempt = fire.Attempt,
            Trigger = FireTriggers.Of(fire),
            Outcome = RunOutcomes.Failed,
            ScheduledAt = fire.ScheduledAt,
            FinishedAt = attempt.EndedAt,
            RemainingAttempts = fire.RemainingAttempts,
            Worker = attempt.WorkerId,
            Epoch = fire.Epoch,
            SourceTopic = attempt.Source.Topic,
            SourcePartition = attempt.Source.Partition.Value,
            SourceOffset = attempt.Source.Offset.Value,
        };

        return attempt.End switch
        {
            AttemptEnd.Ran => Ran(run, attempt.Result ?? throw new UnreachableException("an attempt that ran has a result")),
            AttemptEnd.SkippedOverlap => run with
            {
                Outcome = RunOutcomes.SkippedOverlap,
                Detail = "a run of the job was still in progress (concurrencyPolicy forbid)",
            },
            AttemptEnd.SkippedDuplicate => run with
            {
                Outcome = RunOutcomes.SkippedDuplicate,
                Detail = $"the same run ({attempt.Verdict?.IdempotencyKey ?? fire.IdempotencyKey}) was admitted on this partition before",
            },
            AttemptEnd.StaleEpoch => run with
            {
                Outcome = RunOutcomes.StaleEpoch,
                Detail = FormattableString.Invariant(
                    $"published by scheduler epoch {fire.Epoch}, below epoch {attempt.Verdict?.HighestEpoch} already seen on this partition: a deposed leader's fire"),
            },
            AttemptEnd.Replaced => run with
            {
                Outcome = RunOutcomes.Replaced,
                StartedAt = attempt.StartedAt,
                DurationSeconds = attempt.StartedAt is { } started ? (attempt.EndedAt - started).TotalSeconds : null,
                Detail = attempt.StartedAt is null
                    ? "superseded by a newer fire of the job before it started (concurrencyPolicy replace)"
                    : "stopped by a newer fire of the job (concurrencyPolicy replace)",
            },
            _ => throw new UnreachableException($"no run record for an attempt that ended {attempt.End}"),
        };
    }

    private static RunRecord Ran(RunRecord run, JobRunResult result)
    {
        run = run with
        {
            StartedAt = result.StartedAt,
            DurationSeconds = result.Duration.TotalSeconds,
            StdoutTail = result.StdoutTail.Length == 0 ? null : result.StdoutTail,
            StderrTail = result.StderrTail.Length == 0 ? null : result.StderrTail,
            StdoutBytes = result.StdoutBytes,
            StderrBytes = result.StderrBytes,
            Detail = result.Detail,
        };
        return result.Outcome switch
        {
            RunOutcome.Succeeded => run with { Outcome = RunOutcomes.Succeeded, ExitCode = result.ExitCode },
            RunOutcome.Timeout => run with { Outcome = RunOutcomes.TimedOut },
            // Never started: nothing ran, so nothing printed; the detail says why (no such program, bad directory).
            RunOutcome.SpawnError => run with { Outcome = RunOutcomes.Failed, Detail = "could not start: " + result.Detail },
            // The worker's own signals (timeout, replace, shutdown) never end here: those runs end otherwise.
            _ when result.ExitCode is { } code && ExitStatus.SignalOf(code) is { } signal =>
                run with { Outcome = RunOutcomes.Killed, Signal = signal, Detail = $"ended by {ExitStatus.NameOf(signal)}, not sent by this worker" },
            _ => run with { Outcome = RunOutcomes.Failed, ExitCode = result.ExitCode },
        };
    }
}
