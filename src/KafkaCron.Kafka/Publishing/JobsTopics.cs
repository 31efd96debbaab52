using System.Collections.Concurrent;
using KafkaCron.Core.Topics;

namespace KafkaCron.Kafka.Publishing;

/// <summary>
/// Each cluster's jobs topic, named once: <see cref="TopicNames.Jobs"/> builds the name anew on every call, which a
/// publisher would otherwise pay per fire. Thread-safe, so that a publisher may be called from several threads
/// (the bare-producer floor of <c>make bench-compare</c> publishes from two).
/// </summary>
internal sealed class JobsTopics(TopicNames names)
{
    private readonly ConcurrentDictionary<string, string> _byCluster = new(StringComparer.Ordinal);

    public string Of(string cluster) => _byCluster.GetOrAdd(cluster, static (name, topics) => topics.Jobs(name), names);
}
