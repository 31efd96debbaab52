using System.Diagnostics;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Retry;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Outcomes;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Retry;

/// <summary>
/// After a run that failed (non-zero exit, timeout, spawn error): the next attempt to the retry topic while attempts
/// are left, else the fire with its whole history to the dead-letter topic. Succeeded, refused and replaced attempts
/// call for nothing here. The <see cref="OutcomeWriter"/> writes the record and commits the original after it.
/// </summary>
internal sealed class RetryRecorder(
    WorkerIdentity identity,
    string retryTopic,
    WorkerTelemetry telemetry,
    TimeProvider time,
    Func<double> random,
    ILogger<RetryRecorder> logger) : IOutcomeRecorder
{
    public const string ReasonAttemptsExhausted = "attempts-exhausted";

    /// <summary>Kept of each stream per attempt in the history: 20 attempts stay far below the message size limit.</summary>
    internal const int TailCharsPerStream = 1024;

    public IEnumerable<OutcomeRecord> RecordsFor(Attempt attempt)
    {
        if (attempt is not { End: AttemptEnd.Ran, Result: { } result, Fire: { } fire } || result.Outcome == RunOutcome.Succeeded)
        {
            return [];
        }

        var outcome = result.Outcome.ToTag();
        return RetryPlanner.Decide(fire, Record(attempt.WorkerId, fire, result), time.GetUtcNow(), random()) switch
        {
            RetryDecision.Retry retry => [OutcomeRecord.Of(retryTopic, retry.Next, () =>
            {
                telemetry.RetryPublished(fire.Job);
                RetryLog.RetryScheduled(logger, fire.Job, fire.FireId, fire.Attempt, outcome, retry.Next.Attempt, retryTopic,
                    retry.Next.NotBefore!.Value, retry.Delay, retry.Next.RemainingAttempts);
            })],
            RetryDecision.Exhausted exhausted => [OutcomeRecord.Of(identity.DeadLetterTopic, fire.Job, DeadLetter(attempt, fire, result, exhausted.Final), () =>
            {
                telemetry.FireDeadLettered(fire.Job, ReasonAttemptsExhausted);
                RetryLog.Exhausted(logger, fire.Job, fire.FireId, fire.Attempt, outcome, identity.DeadLetterTopic,
                    exhausted.Final.History?.Count ?? 0);
            })],
            _ => throw new UnreachableException("RetryPlanner returned an unknown decision"),
        };
    }

    /// <summary>What the failed attempt did, as it goes into the fire's history.</summary>
    internal static AttemptRecord Record(string workerId, FireMessage fire, JobRunResult result) => new()
    {
        Attempt = fire.Attempt,
        Worker = workerId,
        StartedAt = result.StartedAt,
        DurationSeconds = result.Duration.TotalSeconds,
        ExitCode = result.ExitCode,
        Outcome = result.Outcome.ToTag(),
        OutputTail = Tail(result),
    };

    private DeadLetter DeadLetter(Attempt attempt, FireMessage fire, JobRunResult result, FireMessage final) => new()
    {
        Reason = ReasonAttemptsExhausted,
        Detail = FormattableString.Invariant(
            $"attempt {fire.Attempt} ended {result.Outcome.ToTag()}{(result.ExitCode is { } code ? $" (exit code {code})" : string.Empty)} and no attempts are left"),
        SourceTopic = attempt.Source.Topic,
        SourcePartition = attempt.Source.Partition.Value,
        SourceOffset = attempt.Source.Offset.Value,
        DeadLetteredAt = time.GetUtcNow(),
        Worker = identity.WorkerId,
        Fire = final,
    };

    private static string? Tail(JobRunResult result)
    {
        var parts = new List<string>(3);
        if (result.Detail is { Length: > 0 } detail)
        {
            parts.Add(detail);
        }

        if (result.StderrTail.Length > 0)
        {
            parts.Add("stderr: " + End(result.StderrTail));
        }

        if (result.StdoutTail.Length > 0)
        {
            parts.Add("stdout: " + End(result.StdoutTail));
        }

        return parts.Count == 0 ? null : string.Join('\n', parts);

        static string End(string text) => text.Length <= TailCharsPerStream ? text : text[^TailCharsPerStream..];
    }
}
