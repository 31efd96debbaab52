using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Publishing;

/// <summary>Log messages of fire publishing. Event ids 1101-1199; keep them stable.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Error,
        Message = "{Count} fires were still unacknowledged after waiting {Seconds} s at shutdown; they may not have reached Kafka")]
    public static partial void Undelivered(ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information,
        Message = "Transactions initialised for {TransactionalId}: every earlier producer with this id is fenced")]
    public static partial void TransactionsInitialised(ILogger logger, string transactionalId);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning,
        Message = "A transaction of {Count} fires was aborted ({Code}: {Reason}); they are retried")]
    public static partial void TransactionAborted(ILogger logger, int count, Confluent.Kafka.ErrorCode code, string reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "A transaction of {Count} fires failed: {Code}: {Reason}")]
    public static partial void TransactionFailed(ILogger logger, int count, Confluent.Kafka.ErrorCode code, string reason);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information,
        Message = "Read back {Records} records ({Undecodable} undecodable) of {Partitions} partitions published since the checkpoint in {Milliseconds} ms")]
    public static partial void ReadBack(ILogger logger, int records, int undecodable, int partitions, long milliseconds);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Error,
        Message = "Read-back of {Topic} [{Partition}] should start at offset {From}, but the oldest record kept is at {Oldest}: {Lost} records are gone (retention). Fires among them go unseen, and those after the checkpoint's watermark may be published again (the workers' duplicate filter drops the keys it still remembers); none is lost")]
    public static partial void ReadBackRecordsGone(ILogger logger, string topic, int partition, long from, long oldest, long lost);
}
