namespace KafkaCron.ZooKeeper.Client;

/// <summary>
/// A ZooKeeper operation failed with <see cref="Code"/>. The codes callers branch on have their own subclasses;
/// <see cref="Create"/> maps a wire code to the right one.
/// </summary>
public class ZooKeeperException : Exception
{
    public ZooKeeperException()
    {
    }

    public ZooKeeperException(string message)
        : base(message)
    {
    }

    public ZooKeeperException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ZooKeeperException(ZooKeeperErrorCode code, string? path, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Path = path;
    }

    public ZooKeeperErrorCode Code { get; } = ZooKeeperErrorCode.SystemError;

    /// <summary>The znode the failed operation addressed, when there was one.</summary>
    public string? Path { get; }

    public static ZooKeeperException Create(ZooKeeperErrorCode code, string? path)
    {
        var message = path is null ? $"ZooKeeper error {code}" : $"ZooKeeper error {code} for {path}";
        return code switch
        {
            ZooKeeperErrorCode.NoNode => new NoNodeException(path, message),
            ZooKeeperErrorCode.NodeExists => new NodeExistsException(path, message),
            ZooKeeperErrorCode.BadVersion => new BadVersionException(path, message),
            ZooKeeperErrorCode.NotEmpty => new NotEmptyException(path, message),
            ZooKeeperErrorCode.SessionExpired => new SessionExpiredException(message),
            ZooKeeperErrorCode.ConnectionLoss => new ConnectionLossException(message),
            _ => new ZooKeeperException(code, path, message),
        };
    }
}

public sealed class NoNodeException(string? path, string message) : ZooKeeperException(ZooKeeperErrorCode.NoNode, path, message);

public sealed class NodeExistsException(string? path, string message) : ZooKeeperException(ZooKeeperErrorCode.NodeExists, path, message);

public sealed class BadVersionException(string? path, string message) : ZooKeeperException(ZooKeeperErrorCode.BadVersion, path, message);

public sealed class NotEmptyException(string? path, string message) : ZooKeeperException(ZooKeeperErrorCode.NotEmpty, path, message);

/// <summary>The session is gone: its ephemeral nodes and watches with it. Only a new session can continue.</summary>
public sealed class SessionExpiredException(string message) : ZooKeeperException(ZooKeeperErrorCode.SessionExpired, null, message);

/// <summary>
/// No server answered, or the connection broke while a request was in flight: the request may or may not have
/// been applied. The session may still be alive and the client keeps reconnecting.
/// </summary>
public sealed class ConnectionLossException(string message, Exception? innerException = null)
    : ZooKeeperException(ZooKeeperErrorCode.ConnectionLoss, null, message, innerException);
