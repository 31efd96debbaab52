namespace KafkaCron.Core.Telemetry;

/// <summary>One partition's consumer lag as librdkafka last saw it.</summary>
/// <param name="Topic">Topic name.</param>
/// <param name="Partition">Partition id (never librdkafka's internal -1 partition).</param>
/// <param name="Assigned">Whether this consumer owns the partition now (librdkafka's <c>desired</c> flag).</param>
/// <param name="Lag">High watermark minus the group's committed offset, or null while librdkafka does not know one of them.</param>
public readonly record struct PartitionLag(string Topic, int Partition, bool Assigned, long? Lag)
{
    /// <summary>
    /// The value to record into <see cref="KafkaCronMetrics.ConsumerLag"/>: the lag of an owned partition, 0 for a partition
    /// this consumer no longer owns (its new owner reports it, and a stale value must not outlive a rebalance), and null
    /// when an owned partition's lag is not known yet (record nothing, keep the last value).
    /// </summary>
    public long? ReportedLag => Assigned ? Lag : 0;
}
