using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Publishing;

/// <summary>Log messages of fire publishing. Event ids 1101-1199; keep them stable.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Error,
        Message = "{Count} fires were still unacknowledged after waiting {Seconds} s at shutdown; they may not have reached Kafka")]
    public static partial void Undelivered(ILogger logger, int count, double seconds);
}
