namespace KafkaCron.ZooKeeper.Protocol;

/// <summary>Request types of the ZooKeeper wire protocol (ZooDefs.OpCode) that this client sends.</summary>
internal enum OpCode
{
    Create = 1,
    Delete = 2,
    Exists = 3,
    GetData = 4,
    SetData = 5,
    GetChildren2 = 12,
    Check = 13,
    Multi = 14,
    Ping = 11,
    CloseSession = -11,
    SetWatches = 101,

    /// <summary>Marks a failed operation inside a multi response.</summary>
    Error = -1,
}
