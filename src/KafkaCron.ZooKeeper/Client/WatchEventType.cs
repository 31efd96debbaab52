namespace KafkaCron.ZooKeeper.Client;

/// <summary>Wire values of WatcherEvent.type for node events (the only ones the server sends to this client).</summary>
internal enum WatchEventType
{
    NodeCreated = 1,
    NodeDeleted = 2,
    NodeDataChanged = 3,
    NodeChildrenChanged = 4,
}
