using System.Text.Json.Serialization;

namespace KafkaCron.Core.Leadership;

/// <summary>An offset in one partition of a topic, kept without a Kafka client type so the core stays free of one.</summary>
public sealed record TopicPartitionPosition(
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("partition")] int Partition,
    [property: JsonPropertyName("offset")] long Offset);
