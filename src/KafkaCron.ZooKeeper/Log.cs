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

    [LoggerMessage(4020, LogLevel.Error, "Cannot reach ZooKeeper at {ConnectionString} to elect the scheduler leader: {Reason}. Retrying in {RetrySeconds} s; this replica does not lead meanwhile")]
    public static partial void ZooKeeperUnreachable(ILogger logger, string connectionString, string reason, double retrySeconds);

    [LoggerMessage(4021, LogLevel.Information, "Replica {ReplicaId} is a candidate for deployment {DeploymentId} as {Node}")]
    public static partial void Candidate(ILogger logger, string replicaId, string deploymentId, string node);

    [LoggerMessage(4022, LogLevel.Information, "Replica {ReplicaId} is standby number {Position}, watching {Predecessor}")]
    public static partial void Standby(ILogger logger, string replicaId, string predecessor, int position);

    [LoggerMessage(4023, LogLevel.Information, "Replica {ReplicaId} leads deployment {DeploymentId} with epoch {Epoch}; it stops after {LeaseMs} ms without a reply from ZooKeeper")]
    public static partial void Leading(ILogger logger, string replicaId, string deploymentId, long epoch, double leaseMs);

    [LoggerMessage(4024, LogLevel.Warning, "Replica {ReplicaId} no longer leads (epoch {Epoch}): {Reason}")]
    public static partial void LeadershipLost(ILogger logger, string replicaId, long epoch, string reason);

    [LoggerMessage(4025, LogLevel.Information, "Replica {ReplicaId} withdrew its candidate node {Node}")]
    public static partial void Resigned(ILogger logger, string replicaId, string node);

    [LoggerMessage(4026, LogLevel.Warning, "Could not delete candidate node {Node} ({Reason}); it goes when the session ends")]
    public static partial void WithdrawFailed(ILogger logger, string node, string reason);

    [LoggerMessage(4027, LogLevel.Warning, "Replica {ReplicaId} lost its ZooKeeper session; rejoining the election with a new one")]
    public static partial void RejoiningAfterExpiry(ILogger logger, string replicaId);

    [LoggerMessage(4028, LogLevel.Warning, "Checkpoint write of epoch {Epoch} refused: {Reason}")]
    public static partial void CheckpointWriteRefused(ILogger logger, long epoch, string reason);
}
