using Microsoft.Extensions.Logging;

namespace KafkaCron.ZooKeeper;

/// <summary>Log messages of the ZooKeeper client, election and checkpoint store. Event ids 4000-4099 are this area's.</summary>
internal static partial class Log
{
    [LoggerMessage(4001, LogLevel.Information, "ZooKeeper session 0x{SessionId:x} opened on {Server} with a {TimeoutMs} ms timeout")]
    public static partial void SessionOpened(ILogger logger, string server, long sessionId, int timeoutMs);

    [LoggerMessage(4002, LogLevel.Warning, "ZooKeeper connection to {Server} for session 0x{SessionId:x} lost: {Reason}")]
    public static partial void Disconnected(ILogger logger, string server, long sessionId, string reason);

    [LoggerMessage(4003, LogLevel.Information, "ZooKeeper session 0x{SessionId:x} resumed on {Server}")]
    public static partial void Reconnected(ILogger logger, string server, long sessionId);

    [LoggerMessage(4004, LogLevel.Warning, "ZooKeeper session 0x{SessionId:x} expired")]
    public static partial void SessionExpired(ILogger logger, long sessionId);

    [LoggerMessage(4005, LogLevel.Debug, "ZooKeeper reconnect attempt failed: {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, string reason);
}
