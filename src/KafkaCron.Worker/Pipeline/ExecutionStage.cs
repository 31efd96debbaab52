using System.Threading.Channels;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Overlap;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Pipeline;

/// <summary>
/// A job slot: takes admitted runs one at a time, runs each and hands its attempt to the outcome writer (or reports
/// it abandoned to the consumer thread). It decides nothing about admission or offsets. The worker runs
/// <c>Concurrency</c> of these.
/// </summary>
internal sealed class ExecutionStage(
    WorkerIdentity identity,
    IJobRunner runner,
    RunningJobs running,
    PipelineSignals signals,
    WorkerTelemetry telemetry,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Runs until the runnable channel completes; a failure completes the completions channel with it.</summary>
    public async Task RunAsync(ChannelReader<AdmittedRun> runnable, ChannelWriter<Attempt> ended, ChannelWriter<Completion> completions)
    {
        try
        {
            while (await runnable.WaitToReadAsync())
            {
                while (runnable.TryRead(out var run))
                {
                    if (await RunAsync(run) is { } attempt)
                    {
                        await ended.WriteAsync(attempt);
                    }
                    else
                    {
                        await completions.WriteAsync(new Completion(run.Message.Lease, run.Message.Offset, Finished: false));
                    }
                }
            }
        }
        catch (Exception ex)
        {
            completions.TryComplete(ex);
            throw;
        }
    }

    /// <returns>The attempt, or null when the run was abandoned (its offset must not commit).</returns>
    internal async Task<Attempt?> RunAsync(AdmittedRun run)
    {
        var (message, fire, ticket, replaced) = run;
        using var _ = ticket;
        if (signals.Draining)
        {
            running.End(ticket);
            WorkerLog.NotStarted(logger, message.Source, "the worker is shutting down");
            return null;
        }

        if (!running.TryStart(ticket))
        {
            running.End(ticket);
            if (ticket.Replaced)
            {
                // Superseded before it started: done, neither retried nor run again.
                return Replaced(message, fire, startedAt: null);
            }

            WorkerLog.NotStarted(logger, message.Source, "its partition was revoked");
            return null;
        }

        JobRunResult result;
        DateTimeOffset? startedAt = null;
        telemetry.RunStarted();
        try
        {
            // The new run starts only once the replaced ones are gone: never two at once, even briefly.
            await Task.WhenAll(replaced.Select(r => r.Ended));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(signals.KillToken, ticket.StopToken);
            startedAt = time.GetUtcNow();
            result = await runner.RunAsync(JobEnvironment.Request(fire, identity.WorkerId), stop.Token);
        }
        catch (OperationCanceledException) when (signals.KillToken.IsCancellationRequested)
        {
            WorkerLog.Abandoned(logger, message.Source, "the shutdown grace ran out while it ran");
            return null;
        }
        catch (OperationCanceledException) when (ticket.Revoked)
        {
            WorkerLog.Abandoned(logger, message.Source, "its partition moved; stopped so that the new owner does not overlap it");
            return null;
        }
        catch (OperationCanceledException) when (ticket.Replaced)
        {
            return Replaced(message, fire, startedAt);
        }
        finally
        {
            running.End(ticket);
            telemetry.RunEnded();
        }

        telemetry.RunFinished(fire, message.Queue, result);
        Report(message.Source, fire, result);
        return new Attempt(message, AttemptEnd.Ran, identity.WorkerId, result.StartedAt + result.Duration) { Result = result };
    }

    private Attempt Replaced(FetchedMessage message, FireMessage fire, DateTimeOffset? startedAt)
    {
        OverlapLog.Replaced(logger, fire.Job, fire.FireId, fire.Attempt);
        telemetry.Replaced(fire, message.Queue);
        return new Attempt(message, AttemptEnd.Replaced, identity.WorkerId, time.GetUtcNow()) { StartedAt = startedAt };
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
