namespace KafkaCron.ZooKeeper.Client;

internal enum SessionState
{
    /// <summary>A connection is up and the session is known to be valid.</summary>
    Connected,

    /// <summary>The connection broke; the client is reconnecting and may yet resume the session.</summary>
    Disconnected,

    /// <summary>A server said the session expired. Terminal.</summary>
    Expired,

    /// <summary>Closed by its owner. Terminal.</summary>
    Closed,
}
