using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Mock;

internal static partial class MockLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Bootstrap forward to broker {Broker} failed: {Error}")]
    public static partial void ForwardTargetUnreachable(ILogger logger, string broker, SocketError error);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Bootstrap connection refused: every mock broker is down")]
    public static partial void NoBrokerUp(ILogger logger);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Mock cluster drill: broker {BrokerId} is {State}")]
    public static partial void BrokerStateChanged(ILogger logger, int brokerId, string state);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Mock cluster drill: leader of {Topic}[{Partition}] moved to broker {BrokerId}")]
    public static partial void LeaderMoved(ILogger logger, string topic, int partition, int brokerId);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "Control request {Method} {Path} failed: {Reason}")]
    public static partial void ControlRequestFailed(ILogger logger, string method, string path, string reason);
}
