using System.Threading.Channels;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Deduplication;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Overlap;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Pipeline;

/// <summary>
/// A job slot: takes fetched messages one at a time, decodes, dead-letters what cannot be decoded, runs the rest and
/// hands the outcome to the <see cref="IRunOutcomeHandler"/>; then reports the message finished (or abandoned) to
/// the consumer thread, which alone decides about offsets. The worker runs <c>Concurrency</c> of these.
/// </summary>
internal sealed class ExecutionStage(
    WorkerIdentity context,
    IJobRunner runner,
    IRunOutcomeHandler outcomes,
    IDeadLetterSink deadLetters,
    RunningJobs running,
    FireAdmission admission,
    PipelineSignals signals,
    WorkerTelemetry telemetry,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan FirstDeadLetterRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDeadLetterRetry = TimeSpan.FromSeconds(30);

    /// <summary>Runs until the fetched channel completes; a failure completes the completions channel with it.</summary>
    public async Task RunAsync(ChannelReader<FetchedMessage> fetched, ChannelWriter<Completion> completions)
    {
        try
        {
            while (await fetched.WaitToReadAsync())
            {
                while (fetched.TryRead(out var message))
                {
                    var finished = await ProcessAsync(message);
                    await completions.WriteAsync(new Completion(message.Lease, message.Offset, finished));
                }
            }
        }
        catch (Exception ex)
        {
            completions.TryComplete(ex);
            throw;
        }
    }

    /// <returns>True when the message is done with (its offset may commit), false when it was abandoned.</returns>
    internal async Task<bool> ProcessAsync(FetchedMessage message)
    {
        if (message.Lease.Revoked)
        {
            WorkerLog.NotStarted(logger, message.Source, "its partition was revoked");
            return false;
        }

        if (signals.Draining)
        {
            WorkerLog.NotStarted(logger, message.Source, "the worker is shutting down");
            return false;
        }

        var decoded = message.Value is null
            ? DecodeResult.Failure(DecodeFailureReasons.Empty, "message value is null (a tombstone)")
            : FireMessageCodec.Decode(message.Value, context.Cluster);
        if (!decoded.IsSuccess)
        {
            return await DeadLetterAsync(message, decoded.Reason, decoded.Error);
        }

        // Refused fires are done with: their offsets commit like any finished run's.
        if (message.Queue == MetricTags.QueueMain && !Admit(message, decoded.Fire))
        {
            return true;
        }

        return await RunAsync(message, decoded.Fire);
    }

    /// <summary>
    /// First runs pass the duplicate filter (docs/scheduler.md, duplicate suppression); retries share their fire's
    /// key on purpose and never do.
    /// </summary>
    private bool Admit(FetchedMessage message, FireMessage fire)
    {
        var verdict = admission.Admit(message.Source.Topic, message.Source.Partition.Value, fire);
        if (verdict.Admitted)
        {
            return true;
        }

        var reason = verdict.Outcome == AdmissionOutcome.StaleEpoch ? MetricTags.ReasonStaleEpoch : MetricTags.ReasonDuplicate;
        telemetry.Skipped(fire.Job, reason);
        WorkerLog.NotAdmitted(logger, message.Source, reason, verdict.IdempotencyKey, verdict.HighestEpoch);
        return false;
    }

    private async Task<bool> RunAsync(FetchedMessage message, FireMessage fire)
    {
        // A retry is never skipped or replaced: that would end a failed fire as neither succeeded nor dead-lettered.
        var policy = message.Queue == MetricTags.QueueRetry ? OverlapPolicies.Allow : fire.ConcurrencyPolicy ?? OverlapPolicies.Allow;
        var ticket = running.TryBegin(fire.Job, policy, message.Lease, out var replaced);
        if (ticket is null && message.Lease.Revoked)
        {
            WorkerLog.NotStarted(logger, message.Source, "its partition was revoked");
            return false;
        }

        if (ticket is null)
        {
            OverlapLog.SkippedOverlap(logger, fire.Job, fire.FireId, fire.Attempt);
            telemetry.SkippedOverlap(fire.Job);
            return true;
        }

        JobRunResult result;
        telemetry.RunStarted();
        try
        {
            foreach (var previous in replaced)
            {
                OverlapLog.Replacing(logger, fire.Job, fire.FireId);
                previous.Replace();
            }

            // The new run starts only once the replaced ones are gone: never two at once, even briefly.
            await Task.WhenAll(replaced.Select(r => r.Ended));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(signals.KillToken, ticket.StopToken);
            result = await runner.RunAsync(JobEnvironment.Request(fire, context.WorkerId), stop.Token);
        }
        catch (OperationCanceledException) when (signals.KillToken.IsCancellationRequested)
        {
            WorkerLog.Abandoned(logger, message.Source, "the shutdown grace ran out while it ran");
            return false;
        }
        catch (OperationCanceledException) when (ticket.Revoked)
        {
            WorkerLog.Abandoned(logger, message.Source, "its partition moved; stopped so that the new owner does not overlap it");
            return false;
        }
        catch (OperationCanceledException) when (ticket.Replaced)
        {
            // Superseded by a newer fire: done, neither retried nor run again.
            OverlapLog.Replaced(logger, fire.Job, fire.FireId, fire.Attempt);
            telemetry.Replaced(fire, message.Queue);
            return true;
        }
        finally
        {
            running.End(ticket);
            ticket.Dispose();
            telemetry.RunEnded();
        }

        telemetry.RunFinished(fire, message.Queue, result);
        Report(message.Source, fire, result);
        try
        {
            await outcomes.HandleAsync(new FinishedRun(fire, result, message.Source, message.Queue, context.WorkerId), signals.KillToken);
        }
        catch (OperationCanceledException) when (signals.KillToken.IsCancellationRequested)
        {
            WorkerLog.Abandoned(logger, message.Source, "the shutdown grace ran out while its outcome was handled");
            return false;
        }

        return true;
    }

    private async Task<bool> DeadLetterAsync(FetchedMessage message, string reason, string detail)
    {
        var source = message.Source;
        telemetry.DecodeFailed(reason);
        WorkerLog.Undecodable(logger, source, reason, detail, context.DeadLetterTopic);

        var original = message.Value ?? [];
        var deadLetter = new DeadLetter
        {
            Reason = reason,
            Detail = detail,
            SourceTopic = message.Source.Topic,
            SourcePartition = message.Source.Partition.Value,
            SourceOffset = message.Offset,
            DeadLetteredAt = time.GetUtcNow(),
            Worker = context.WorkerId,
            OriginalBase64 = original.Length == 0
                ? null
                : Convert.ToBase64String(original, 0, Math.Min(original.Length, FireMessageCodec.MaxPreservedOriginalBytes)),
            OriginalSize = original.Length,
        };

        // Only Kafka being unavailable can fail this write; the bad message itself is never retried.
        var delay = FirstDeadLetterRetry;
        while (true)
        {
            try
            {
                await deadLetters.WriteAsync(message.Key, deadLetter, signals.KillToken);
                telemetry.DeadLettered(reason);
                WorkerLog.DeadLettered(logger, source, reason);
                return true;
            }
            catch (OperationCanceledException) when (signals.KillToken.IsCancellationRequested)
            {
                WorkerLog.Abandoned(logger, source, "the shutdown grace ran out before its dead letter was written");
                return false;
            }
            catch (KafkaException ex)
            {
                WorkerLog.DeadLetterWriteFailed(logger, source, delay, ex.Message);
            }

            try
            {
                await Task.Delay(delay, time, signals.KillToken);
            }
            catch (OperationCanceledException) when (signals.KillToken.IsCancellationRequested)
            {
                WorkerLog.Abandoned(logger, source, "the shutdown grace ran out before its dead letter was written");
                return false;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDeadLetterRetry.Ticks));
        }
    }

    private void Report(TopicPartitionOffset source, FireMessage fire, JobRunResult result)
    {
        var startDelay = result.StartedAt - (fire.NotBefore ?? fire.ScheduledAt);
        var outcome = result.Outcome.ToTag();
        if (result.Outcome == RunOutcome.Succeeded)
        {
            WorkerLog.RunSucceeded(logger, fire.Job, source.Partition.Value, source.Offset.Value, fire.FireId, fire.Attempt, outcome, result.Duration,
                result.ExitCode, startDelay, result.StdoutBytes, result.StdoutTail, result.StderrBytes, result.StderrTail);
        }
        else
        {
            var detail = result.Detail is null ? string.Empty : "; " + result.Detail;
            WorkerLog.RunFailed(logger, fire.Job, source.Partition.Value, source.Offset.Value, fire.FireId, fire.Attempt, outcome, result.Duration,
                result.ExitCode, detail, startDelay,
                result.StdoutBytes, result.StdoutTail, result.StderrBytes, result.StderrTail);
        }
    }
}
