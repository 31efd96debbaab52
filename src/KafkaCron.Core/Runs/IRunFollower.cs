using KafkaCron.Core.Leadership;

namespace KafkaCron.Core.Runs;

/// <summary>
/// Follows a cluster's run history as it is written, for one fire: <c>kcron trigger --wait</c> marks where the runs
/// topic ends, publishes the fire, then follows from the mark, so no record of the fire can be missed.
/// </summary>
public interface IRunFollower
{
    /// <summary>Where each partition of the cluster's runs topic ends now.</summary>
    /// <exception cref="Messages.KafkaUnavailableException">Kafka did not answer in time, or the runs topic is missing.</exception>
    Task<IReadOnlyList<TopicPartitionPosition>> MarkEndAsync(string cluster, CancellationToken cancellationToken);

    /// <summary>Every record of <paramref name="fireId"/> written after <paramref name="from"/>, as it comes, until cancelled.</summary>
    IAsyncEnumerable<RunRecord> FollowAsync(IReadOnlyList<TopicPartitionPosition> from, string fireId, CancellationToken cancellationToken);
}
