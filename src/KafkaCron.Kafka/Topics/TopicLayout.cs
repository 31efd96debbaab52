using System.Globalization;
using Confluent.Kafka.Admin;

namespace KafkaCron.Kafka.Topics;

/// <summary>
/// How KafkaCron lays out each of its topics when it creates one: jobs, retry and dead-letter topics with
/// <c>Kafka:Partitions</c> partitions and the broker's defaults; a cluster's run history with the same partitions and
/// <c>retention.ms</c> from <c>Kafka:RunsRetentionHours</c>; the control topic compacted, in one partition (a few
/// records per paused job, read to its end by every scheduler replica).
/// </summary>
internal static class TopicLayout
{
    public static TopicSpecification For(string topic, KafkaOptions options)
    {
        var names = options.TopicNames;
        var spec = new TopicSpecification { Name = topic, NumPartitions = options.Partitions, ReplicationFactor = options.ReplicationFactor };
        if (string.Equals(topic, names.Control, StringComparison.Ordinal))
        {
            spec.NumPartitions = 1;
            spec.Configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact" };
        }
        else if (names.IsRuns(topic))
        {
            spec.Configs = new Dictionary<string, string>
            {
                ["cleanup.policy"] = "delete",
                ["retention.ms"] = TimeSpan.FromHours(options.RunsRetentionHours).TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
            };
        }

        return spec;
    }

    /// <summary><c>kcron.control: 1 partition, cleanup.policy=compact</c>: what to create by hand where KafkaCron may not.</summary>
    public static string Describe(TopicSpecification spec)
    {
        var partitions = spec.NumPartitions == 1 ? "1 partition" : spec.NumPartitions.ToString(CultureInfo.InvariantCulture) + " partitions (Kafka:Partitions)";
        var configs = spec.Configs is null ? string.Empty : string.Concat(spec.Configs.Select(c => $", {c.Key}={c.Value}"));
        return $"{spec.Name}: {partitions}{configs}";
    }

    /// <summary>Whether a topic that exists must have exactly <c>Kafka:Partitions</c> partitions: all but the control topic, which works with any.</summary>
    public static bool PartitionCountMatters(string topic, KafkaOptions options) =>
        !string.Equals(topic, options.TopicNames.Control, StringComparison.Ordinal);
}
