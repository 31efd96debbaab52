using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Retry;

/// <summary>Log messages of retries and dead letters (event ids 2100–2119).</summary>
internal static partial class RetryLog
{
    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Job {Job} fire {FireId} attempt {Attempt} ended {Outcome}: attempt {NextAttempt} sent to {Topic}, not before {NotBefore:O} (in {Delay}); {Remaining} attempt(s) left after it")]
    public static partial void RetryScheduled(ILogger logger, string job, string fireId, int attempt, string outcome, int nextAttempt, string topic, DateTimeOffset notBefore, TimeSpan delay, int remaining);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Job {Job} fire {FireId} attempt {Attempt} ended {Outcome} with no attempts left: dead-lettered to {Topic} with {HistoryCount} attempt(s) of history")]
    public static partial void Exhausted(ILogger logger, string job, string fireId, int attempt, string outcome, string topic, int historyCount);

    [LoggerMessage(EventId = 2114, Level = LogLevel.Information, Message = "Retry {Source} of job {Job} fire {FireId} is not due before {NotBefore:O}: partition paused for {Wait}")]
    public static partial void Holding(ILogger logger, Confluent.Kafka.TopicPartitionOffset source, string job, string fireId, DateTimeOffset notBefore, TimeSpan wait);

    [LoggerMessage(EventId = 2115, Level = LogLevel.Debug, Message = "Retries of {Partition} are due: resuming it")]
    public static partial void Due(ILogger logger, Confluent.Kafka.TopicPartition partition);
}
