using KafkaCron.Core.Messages;
using KafkaCron.Worker.Outcomes;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Pipeline;

/// <summary>
/// A message that is not a fire is never run, retried or allowed to stop the worker: it goes to the cluster's
/// dead-letter topic (same key) with the reason and the start of the original bytes, and its offset commits after.
/// </summary>
internal sealed class DeadLetterRecorder(WorkerIdentity identity, WorkerTelemetry telemetry, TimeProvider time, ILogger logger) : IOutcomeRecorder
{
    public IEnumerable<OutcomeRecord> RecordsFor(Attempt attempt)
    {
        if (attempt.End != AttemptEnd.Undecodable)
        {
            return [];
        }

        var message = attempt.Message;
        var reason = message.Decoded.Reason!;
        var original = message.Value ?? [];
        var deadLetter = new DeadLetter
        {
            Reason = reason,
            Detail = message.Decoded.Error!,
            SourceTopic = message.Source.Topic,
            SourcePartition = message.Source.Partition.Value,
            SourceOffset = message.Offset,
            DeadLetteredAt = time.GetUtcNow(),
            Worker = identity.WorkerId,
            OriginalBase64 = original.Length == 0
                ? null
                : Convert.ToBase64String(original, 0, Math.Min(original.Length, FireMessageCodec.MaxPreservedOriginalBytes)),
            OriginalSize = original.Length,
        };
        return [OutcomeRecord.Of(identity.DeadLetterTopic, message.Key, deadLetter, () =>
        {
            telemetry.DeadLettered(reason);
            WorkerLog.DeadLettered(logger, message.Source, reason);
        })];
    }
}
