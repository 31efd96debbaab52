using System.Threading.Channels;
using Confluent.Kafka;
using KafkaCron.Core.Deduplication;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Overlap;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Pipeline;

/// <summary>
/// The one admission stage of a worker. It reads fetched messages in the order the consumer thread fetched them, so
/// the decisions that depend on order are taken in partition order: a deposed leader's older-epoch fire is refused
/// even when a newer fire was fetched just before it, and under <c>replace</c> a fire only ever replaces an older
/// one. It refuses stale-epoch and duplicate first runs (<see cref="FireAdmission"/>), applies forbid, replace and
/// allow (<see cref="RunningJobs"/>), hands runnable fires to the job slots and every refusal or undecodable message
/// to the outcome writer at once, so its offset can commit without waiting for a slot.
/// </summary>
internal sealed class AdmissionStage(
    RunningJobs running,
    FireAdmission admission,
    PipelineSignals signals,
    WorkerIdentity identity,
    WorkerTelemetry telemetry,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The lease each partition's duplicate-filter state belongs to.</summary>
    private readonly Dictionary<TopicPartition, PartitionLease> _admittedUnder = [];

    /// <summary>Runs until the fetched channel completes; a failure completes the channels it feeds with it.</summary>
    public async Task RunAsync(
        ChannelReader<FetchedMessage> fetched,
        ChannelWriter<AdmittedRun> runnable,
        ChannelWriter<Attempt> ended,
        ChannelWriter<Completion> completions)
    {
        try
        {
            while (await fetched.WaitToReadAsync())
            {
                while (fetched.TryRead(out var message))
                {
                    var decision = Decide(message);
                    if (decision.Run is { } run)
                    {
                        await runnable.WriteAsync(run);
                    }
                    else if (decision.Ended is { } attempt)
                    {
                        await ended.WriteAsync(attempt);
                    }
                    else
                    {
                        await completions.WriteAsync(new Completion(message.Lease, message.Offset, Finished: false));
                    }
                }
            }

            runnable.TryComplete();
        }
        catch (Exception ex)
        {
            runnable.TryComplete(ex);
            completions.TryComplete(ex);
            throw;
        }
    }

    /// <summary>Decides about one message; called for each in fetch order, from one thread at a time.</summary>
    internal AdmissionDecision Decide(FetchedMessage message)
    {
        if (message.Lease.Revoked)
        {
            WorkerLog.NotStarted(logger, message.Source, "its partition was revoked");
            return AdmissionDecision.NotStarted;
        }

        if (signals.Draining)
        {
            WorkerLog.NotStarted(logger, message.Source, "the worker is shutting down");
            return AdmissionDecision.NotStarted;
        }

        if (!message.Decoded.IsSuccess)
        {
            telemetry.DecodeFailed(message.Decoded.Reason);
            WorkerLog.Undecodable(logger, message.Source, message.Decoded.Reason, message.Decoded.Error, identity.DeadLetterTopic);
            return Ended(message, AttemptEnd.Undecodable);
        }

        var fire = message.Decoded.Fire;
        // First runs pass the duplicate filter (docs/scheduler.md); retries share their fire's key on purpose.
        if (message.Queue == FireQueue.Main)
        {
            var verdict = AdmitFirstRun(message);
            if (!verdict.Admitted)
            {
                var end = verdict.Outcome == AdmissionOutcome.StaleEpoch ? AttemptEnd.StaleEpoch : AttemptEnd.SkippedDuplicate;
                var reason = end == AttemptEnd.StaleEpoch ? MetricTags.ReasonStaleEpoch : MetricTags.ReasonDuplicate;
                telemetry.Skipped(fire.Job, reason);
                WorkerLog.NotAdmitted(logger, message.Source, reason, verdict.IdempotencyKey, verdict.HighestEpoch);
                return Ended(message, end, verdict);
            }
        }

        // A retry is never skipped or replaced: that would end a failed fire as neither succeeded nor dead-lettered.
        var policy = message.Queue == FireQueue.Retry ? ConcurrencyPolicyNames.Allow : fire.ConcurrencyPolicy ?? ConcurrencyPolicyNames.Allow;
        var ticket = running.TryBegin(fire.Job, policy, message.Lease, out var replaced);
        if (ticket is null && message.Lease.Revoked)
        {
            WorkerLog.NotStarted(logger, message.Source, "its partition was revoked");
            return AdmissionDecision.NotStarted;
        }

        if (ticket is null)
        {
            OverlapLog.SkippedOverlap(logger, fire.Job, fire.FireId, fire.Attempt);
            telemetry.SkippedOverlap(fire.Job);
            return Ended(message, AttemptEnd.SkippedOverlap);
        }

        foreach (var previous in replaced)
        {
            OverlapLog.Replacing(logger, fire.Job, fire.FireId);
            previous.Replace();
        }

        return new AdmissionDecision(new AdmittedRun(message, fire, ticket, replaced), null);
    }

    /// <summary>
    /// The filter's state of a partition belongs to one lease: a partition that comes back starts afresh, so fires
    /// admitted under the old lease (and never committed) are not refused as duplicates when they come again.
    /// </summary>
    private AdmissionVerdict AdmitFirstRun(FetchedMessage message)
    {
        var partition = message.Source.TopicPartition;
        if (!_admittedUnder.TryGetValue(partition, out var lease) || !ReferenceEquals(lease, message.Lease))
        {
            admission.Forget(partition.Topic, partition.Partition.Value);
            _admittedUnder[partition] = message.Lease;
        }

        return admission.Admit(partition.Topic, partition.Partition.Value, message.Decoded.Fire!);
    }

    private AdmissionDecision Ended(FetchedMessage message, AttemptEnd end, AdmissionVerdict? verdict = null) =>
        new(null, new Attempt(message, end, identity.WorkerId, time.GetUtcNow()) { Verdict = verdict });
}
