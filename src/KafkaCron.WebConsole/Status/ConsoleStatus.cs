using KafkaCron.ZooKeeper.Status;

namespace KafkaCron.WebConsole.Status;

/// <summary>What the cluster status page and <c>GET /api/v1/status</c> show.</summary>
internal sealed record ConsoleStatus(ElectionView Election, IReadOnlyList<ClusterView> Clusters, DateTimeOffset ReadAt);

/// <param name="Configured">False when the console was started without <c>--zookeeper</c>.</param>
/// <param name="Error">Why ZooKeeper could not be read; null when it was.</param>
internal sealed record ElectionView(bool Configured, ElectionStatus? Status, string? Error);

/// <param name="Error">Why Kafka could not be read for this cluster; null when it was.</param>
internal sealed record ClusterView(string Cluster, IReadOnlyList<GroupView> Groups, string? Error);

/// <summary>A consumer group of workers: its members and its lag on each partition of the topic it consumes.</summary>
/// <param name="State">The group's state as the coordinator reports it (Stable, Empty, ...); Unknown when it cannot describe groups.</param>
/// <param name="Members">Null when the broker cannot describe groups (librdkafka's mock cluster cannot).</param>
internal sealed record GroupView(string Group, string Topic, string State, IReadOnlyList<MemberView>? Members, IReadOnlyList<PartitionLagView> Partitions)
{
    public long TotalLag => Partitions.Sum(p => p.Lag);
}

/// <param name="Partitions">The partitions assigned to the member.</param>
internal sealed record MemberView(string ClientId, string Host, IReadOnlyList<int> Partitions);

/// <param name="Committed">The group's committed offset; null before its first commit (the lag then counts from the earliest record).</param>
internal sealed record PartitionLagView(int Partition, long? Committed, long End, long Lag);
