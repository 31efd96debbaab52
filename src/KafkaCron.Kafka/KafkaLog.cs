using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka;

internal static partial class KafkaLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Kafka client {ClientId}: {Code}: {Reason} ({Held} similar error(s) held back since the last)")]
    public static partial void ClientError(ILogger logger, string clientId, ErrorCode code, string reason, int held);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Critical, Message = "Kafka client {ClientId} hit a fatal error {Code}: {Reason}")]
    public static partial void FatalClientError(ILogger logger, string clientId, ErrorCode code, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Topic {Topic} is present with {Partitions} partitions")]
    public static partial void TopicPresent(ILogger logger, string topic, int partitions);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partitions, replication factor {ReplicationFactor}")]
    public static partial void TopicCreated(ILogger logger, string topic, int partitions, short replicationFactor);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Could not create topics {Topics} through the admin API: {Reason}")]
    public static partial void TopicCreationFailed(ILogger logger, string topics, string reason);
}
