using KafkaCron.Core.Leadership;

namespace KafkaCron.Core.Runs;

/// <summary>
/// Follows a cluster's run history as it is written. <c>kcron trigger --wait</c> marks where the runs topic ends,
/// publishes the fire, then follows the fire's records from the mark, so none can be missed; the console follows every
/// record from a time on, to keep each job's latest outcomes.
/// </summary>
public interface IRunFollower
{
    /// <summary>Where each partition of the cluster's runs topic ends now.</summary>
    /// <exception cref="Messages.KafkaUnavailableException">Kafka did not answer in time, or the runs topic is missing.</exception>
    Task<IReadOnlyList<TopicPartitionPosition>> MarkEndAsync(string cluster, CancellationToken cancellationToken);

    /// <summary>Where each partition of the cluster's runs topic holds its first record written at or after <paramref name="since"/>; its end when none is.</summary>
    /// <exception cref="Messages.KafkaUnavailableException">Kafka did not answer in time, or the runs topic is missing.</exception>
    Task<IReadOnlyList<TopicPartitionPosition>> MarkAtAsync(string cluster, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Every record of <paramref name="fireId"/> written after <paramref name="from"/>, as it comes, until cancelled.</summary>
    IAsyncEnumerable<RunRecord> FollowAsync(IReadOnlyList<TopicPartitionPosition> from, string fireId, CancellationToken cancellationToken);

    /// <summary>
    /// Every record written from <paramref name="from"/> on, in the order of each partition, in batches as they come
    /// (a batch ends where the records at hand do), and each time a partition's end is reached, until cancelled. While
    /// Kafka does not answer, no batch comes.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<FollowedRun>> FollowAllAsync(IReadOnlyList<TopicPartitionPosition> from, CancellationToken cancellationToken);
}

/// <summary>How far a follower has read a partition, and the run record that took it there.</summary>
/// <param name="Next">The offset the partition is read up to: after the record, or the partition's end when it was reached.</param>
/// <param name="Run">Null at the partition's end, and for a record that is not a run record.</param>
public readonly record struct FollowedRun(TopicPartitionPosition Next, RunRecord? Run);
