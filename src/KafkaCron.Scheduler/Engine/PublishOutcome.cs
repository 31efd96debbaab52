using KafkaCron.Core.Scheduling;

namespace KafkaCron.Scheduler.Engine;

/// <summary>How the publication of one fire ended; <see cref="Failure"/> is null when Kafka acknowledged it at <see cref="Receipt"/>.</summary>
internal sealed record PublishOutcome(DueFire Fire, Exception? Failure, FireReceipt Receipt, DateTimeOffset FinishedAt);
