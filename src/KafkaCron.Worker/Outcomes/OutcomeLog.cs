using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Outcomes;

/// <summary>Log messages of the outcome writer (event ids 2102–2103, kept from when retries wrote their own records, and 2140–2149; the run history has 2150–2159).</summary>
internal static partial class OutcomeLog
{
    [LoggerMessage(EventId = 2142, Level = LogLevel.Debug, Message = "Writing a record of {Source} to {Topic} failed (try {Try}), retrying in {Delay}: {Error}")]
    public static partial void WriteRetrying(ILogger logger, Confluent.Kafka.TopicPartitionOffset source, string topic, int @try, TimeSpan delay, string error);

    [LoggerMessage(EventId = 2143, Level = LogLevel.Critical, Message = "Writing a record of {Source} to {Topic} failed for good ({Kind}): {Error}; the worker stops without committing it, and the next owner handles it again")]
    public static partial void WriteFailed(ILogger logger, Confluent.Kafka.TopicPartitionOffset source, string topic, KafkaCron.Core.Scheduling.PublishFailureKind kind, string error);

    [LoggerMessage(EventId = 2140, Level = LogLevel.Warning, Message = "Outcome records cannot be written ({Topic}: {Error}); holding them and pausing their partitions until Kafka takes them (kcron_outcome_writes_stalled)")]
    public static partial void Stalled(ILogger logger, string topic, string error);

    [LoggerMessage(EventId = 2141, Level = LogLevel.Information, Message = "Outcome records are written again after {Stalled}; resuming their partitions")]
    public static partial void Recovered(ILogger logger, TimeSpan stalled);
}
