using KafkaCron.Core.Leadership;

namespace KafkaCron.Core.Scheduling;

/// <summary>Reads back what was published to the jobs topics: Kafka itself is the record of which fires went out.</summary>
public interface IPublishedFireReader
{
    /// <summary>
    /// Reads every record of the jobs topics of <paramref name="clusters"/> from <paramref name="from"/> to the
    /// current end of each partition. A partition <paramref name="from"/> does not name is not read: its current end
    /// is taken as its start (nothing of it is owed to a checkpoint that did not know it).
    /// </summary>
    Task<PublishedFires> ReadAsync(IReadOnlyCollection<string> clusters, IReadOnlyList<TopicPartitionPosition> from, CancellationToken cancellationToken);
}
