using KafkaCron.Core.Leadership;

namespace KafkaCron.ZooKeeper.Status;

/// <summary>What <c>kcron status</c> shows: the queue of candidates (the first leads), the epoch and the checkpoint.</summary>
public sealed record ElectionStatus
{
    public required string DeploymentId { get; init; }

    /// <summary>False when no replica ever joined this deployment's election.</summary>
    public required bool DeploymentExists { get; init; }

    /// <summary>Leader first, then standbys in the order they would take over.</summary>
    public required IReadOnlyList<CandidateStatus> Candidates { get; init; }

    /// <summary>The epoch of the latest term; null before the first leader.</summary>
    public long? Epoch { get; init; }

    public DateTimeOffset? EpochChangedAt { get; init; }

    public ScheduleCheckpoint? Checkpoint { get; init; }

    /// <summary>Why the stored checkpoint would be refused by a scheduler; null when it is usable or absent.</summary>
    public string? CheckpointError { get; init; }
}

/// <param name="Node">The candidate's znode name.</param>
/// <param name="ReplicaId">The replica id the candidate stored as its node's data.</param>
/// <param name="Since">When the candidate joined (the node's creation time on the server).</param>
public sealed record CandidateStatus(string Node, string ReplicaId, DateTimeOffset Since);
