using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Clients;

/// <summary>
/// librdkafka's own log lines (<c>%3|…|FAIL|…</c>), which Confluent.Kafka would otherwise print raw on stderr on top
/// of the structured log, routed through the logger (event 1003) and rate-limited per client and facility
/// (<see cref="RepeatLimiter{TKey}"/>). Thread-safe.
/// </summary>
internal sealed partial class LibrdkafkaLog(ILogger logger, TimeProvider time)
{
    private readonly RepeatLimiter<(string Client, string Facility)> _repeats = new(time);

    public void OnLog(string clientId, LogMessage message)
    {
        var level = message.LevelAs(LogLevelType.MicrosoftExtensionsLogging) switch
        {
            int value and >= 0 and <= 6 => (LogLevel)value,
            _ => LogLevel.Information,
        };
        if (logger.IsEnabled(level) && _repeats.TryPass((clientId, message.Facility), out var held))
        {
            ClientLine(logger, level, clientId, message.Facility, message.Message, held);
        }
    }

    [LoggerMessage(EventId = 1003, Message = "librdkafka {ClientId} {Facility}: {Line} ({Held} similar line(s) held back since the last)")]
    private static partial void ClientLine(ILogger logger, LogLevel level, string clientId, string facility, string line, int held);
}
