using KafkaCron.ZooKeeper.Protocol;

namespace KafkaCron.ZooKeeper.Client;

/// <summary>
/// What one operation of a successful multi returned: the created path for a create, the new stat for a set,
/// neither for a check or delete.
/// </summary>
internal sealed record OpResult(string? CreatedPath, Stat? Stat);
