using Confluent.Kafka;
using KafkaCron.Core.Deduplication;
using KafkaCron.Core.Messages;
using KafkaCron.Worker.Execution;

namespace KafkaCron.Worker.Runs;

/// <summary>
/// The final outcome of one fetched message, as the outcome writer sees it: the message (source partition and offset,
/// queue, the decoded fire or the decode failure, fetch time), how it ended, the worker, and what the run did.
/// Runs and refusals alike arrive here, once each, before the offset may commit.
/// </summary>
internal sealed record Attempt(FetchedMessage Message, AttemptEnd End, string WorkerId, DateTimeOffset EndedAt)
{
    /// <summary>Exit code, timings and output tails of the run; set when <see cref="End"/> is <see cref="AttemptEnd.Ran"/>.</summary>
    public JobRunResult? Result { get; init; }

    /// <summary>When the replaced run's process started; null when it was replaced before it started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The duplicate filter's verdict, with the idempotency key and the highest epoch, for a refused first run.</summary>
    public AdmissionVerdict? Verdict { get; init; }

    /// <summary>The decoded fire; null only when <see cref="End"/> is <see cref="AttemptEnd.Undecodable"/>.</summary>
    public FireMessage? Fire => Message.Decoded.Fire;

    public TopicPartitionOffset Source => Message.Source;
}
