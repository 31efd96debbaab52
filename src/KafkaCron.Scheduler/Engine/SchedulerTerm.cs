using KafkaCron.Core.Leadership;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Scheduler.Engine;

/// <summary>What one call of <see cref="SchedulerEngine.RunAsync(SchedulerTerm, CancellationToken)"/> works with.</summary>
internal sealed record SchedulerTerm
{
    /// <summary>Carried in every fire; null without leader election.</summary>
    public long? Epoch { get; init; }

    /// <summary>This term's publisher; null means the one the engine was built with.</summary>
    public IFirePublisher? Publisher { get; init; }

    /// <summary>Where each job starts (a checkpoint and what was read back since); null: every job starts after now.</summary>
    public ResumePoint? Resume { get; init; }

    /// <summary>
    /// Asked right before each fire is handed to the publisher; false means the term can no longer prove it leads,
    /// and the fire is not published. Null: always publish.
    /// </summary>
    public Func<bool>? MayPublish { get; init; }

    /// <summary>The end of every jobs-topic partition when the term began: the read-back baseline of its checkpoints.</summary>
    public IReadOnlyList<TopicPartitionPosition> TopicEnds { get; init; } = [];

    /// <summary>
    /// Receives a checkpoint at most every <see cref="CheckpointInterval"/> while the schedule moves (at least every
    /// ten intervals), and a last one when the term stops. Called on the engine's loop: it must not block. Null: no
    /// checkpoints.
    /// </summary>
    public Action<ScheduleCheckpoint>? Checkpoint { get; init; }

    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);
}
