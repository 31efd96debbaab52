using KafkaCron.Core.Topics;

namespace KafkaCron.Kafka.Publishing;

/// <summary>
/// Each cluster's jobs topic, named once: <see cref="TopicNames.Jobs"/> builds the name anew on every call, which a
/// publisher would otherwise pay per fire. Not thread-safe; owned by the one thread that publishes.
/// </summary>
internal sealed class JobsTopics(TopicNames names)
{
    private readonly Dictionary<string, string> _byCluster = new(StringComparer.Ordinal);

    public string Of(string cluster)
    {
        if (!_byCluster.TryGetValue(cluster, out var topic))
        {
            topic = names.Jobs(cluster);
            _byCluster.Add(cluster, topic);
        }

        return topic;
    }
}
