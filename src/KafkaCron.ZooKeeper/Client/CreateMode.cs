namespace KafkaCron.ZooKeeper.Client;

/// <summary>Wire values of CreateRequest.flags.</summary>
internal enum CreateMode
{
    Persistent = 0,
    Ephemeral = 1,
    PersistentSequential = 2,
    EphemeralSequential = 3,
}
