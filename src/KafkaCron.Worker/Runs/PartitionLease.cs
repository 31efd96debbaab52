using Confluent.Kafka;
using KafkaCron.Core.Offsets;

namespace KafkaCron.Worker.Runs;

/// <summary>
/// One assignment of one partition to this worker. A partition revoked and assigned again gets a new lease, so a
/// run that finishes after its partition moved can never touch the offsets of the next assignment.
/// </summary>
internal sealed class PartitionLease(TopicPartition partition)
{
    private volatile bool _revoked;

    public TopicPartition Partition { get; } = partition;

    /// <summary>Touched by the consumer thread only.</summary>
    public PartitionOffsetTracker Tracker { get; } = new();

    /// <summary>
    /// Set when this worker lost the partition; runs not yet started are skipped (the new owner runs them), runs in
    /// flight finish but their offsets are never committed by this worker. Read from the admission stage and the job slots.
    /// </summary>
    public bool Revoked => _revoked;

    /// <summary>
    /// The offset the consumer was sought back to because the pipeline had no room for it; later messages of this
    /// partition that were already fetched are dropped until this one comes again. Consumer thread only.
    /// </summary>
    public long? SoughtBackTo { get; set; }

    public void Revoke() => _revoked = true;
}
