namespace KafkaCron.ZooKeeper.Client;

/// <summary>The three kinds of server-side watch, as SetWatches re-registers them after a reconnect.</summary>
internal enum WatchKind
{
    /// <summary>Set by getData, or by exists on a node that exists.</summary>
    Data,

    /// <summary>Set by exists on a node that does not exist.</summary>
    Exist,

    Child,
}
