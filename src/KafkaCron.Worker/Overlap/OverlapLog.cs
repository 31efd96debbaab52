using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Overlap;

/// <summary>Log messages of the concurrency policies (event ids 2120–2139).</summary>
internal static partial class OverlapLog
{
    [LoggerMessage(EventId = 2120, Level = LogLevel.Warning, Message = "Job {Job} fire {FireId} attempt {Attempt} skipped: concurrencyPolicy forbid and a run of the job is in progress")]
    public static partial void SkippedOverlap(ILogger logger, string job, string fireId, int attempt);

    [LoggerMessage(EventId = 2121, Level = LogLevel.Information, Message = "Job {Job} fire {FireId} replaces the run in progress (concurrencyPolicy replace): stopping it first")]
    public static partial void Replacing(ILogger logger, string job, string fireId);

    [LoggerMessage(EventId = 2122, Level = LogLevel.Warning, Message = "Job {Job} fire {FireId} attempt {Attempt} was replaced by a newer fire and stopped; it is not retried")]
    public static partial void Replaced(ILogger logger, string job, string fireId, int attempt);

    [LoggerMessage(EventId = 2123, Level = LogLevel.Error, Message = "Runs of revoked {Partition} did not stop within {Within}; the new owner may overlap them")]
    public static partial void RevokeStopTimedOut(ILogger logger, Confluent.Kafka.TopicPartition partition, TimeSpan within);
}
