namespace KafkaCron.Core.Leadership;

/// <summary>Durable record of how far the schedule has been published, shared by all replicas of a deployment.</summary>
public interface IScheduleCheckpointStore
{
    /// <summary>
    /// Reads the checkpoint; null when none was ever written. Throws <see cref="CheckpointRejectedException"/>
    /// when the stored bytes are not a checkpoint of this deployment in a known format: never guess a position.
    /// </summary>
    Task<ScheduleCheckpoint?> ReadAsync(CancellationToken ct);

    /// <summary>
    /// Writes <paramref name="checkpoint"/> only if <paramref name="leadership"/> still holds; stamps the
    /// deployment id, the term's epoch, the format version and the write time. Throws
    /// <see cref="LeadershipLostException"/> when a newer term exists or this one ended.
    /// </summary>
    Task WriteAsync(ILeadership leadership, ScheduleCheckpoint checkpoint, CancellationToken ct);
}
