namespace KafkaCron.ZooKeeper.Client;

/// <summary>A one-shot watch fired: what happened to which znode.</summary>
internal sealed record WatchedEvent(WatchEventType Type, string Path);
