using System.Globalization;
using System.Text.Json;

namespace KafkaCron.Core.Telemetry;

/// <summary>
/// Reads librdkafka's statistics JSON (emitted every <c>statistics.interval.ms</c>; format in librdkafka's STATISTICS.md).
/// Pure: the worker's statistics handler passes the string in and records what comes out.
/// </summary>
public static class LibrdkafkaStatistics
{
    // librdkafka's "unassigned" pseudo-partition that holds messages without a partition yet.
    private const int UnassignedPartition = -1;

    /// <summary>Every real partition of every topic in the statistics, with its consumer lag.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="FormatException">The JSON does not have the shape librdkafka documents.</exception>
    public static IReadOnlyList<PartitionLag> ParseConsumerLag(string statisticsJson)
    {
        ArgumentNullException.ThrowIfNull(statisticsJson);
        using var document = JsonDocument.Parse(statisticsJson);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("librdkafka statistics must be a JSON object");
        }

        // A producer's or a fresh consumer's statistics may have no topics yet: nothing to report.
        if (!root.TryGetProperty("topics", out var topics))
        {
            return [];
        }

        var lags = new List<PartitionLag>();
        foreach (var topic in RequireObject(topics, "topics").EnumerateObject())
        {
            if (!RequireObject(topic.Value, topic.Name).TryGetProperty("partitions", out var partitions))
            {
                continue;
            }

            foreach (var entry in RequireObject(partitions, topic.Name + ".partitions").EnumerateObject())
            {
                var partition = ReadPartition(topic.Name, entry);
                if (partition is { } lag)
                {
                    lags.Add(lag);
                }
            }
        }

        return lags;
    }

    private static PartitionLag? ReadPartition(string topic, JsonProperty entry)
    {
        var fields = RequireObject(entry.Value, $"{topic}.partitions.{entry.Name}");
        var id = fields.TryGetProperty("partition", out var idField)
            ? idField.GetInt32()
            : int.Parse(entry.Name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (id == UnassignedPartition)
        {
            return null;
        }

        var assigned = fields.TryGetProperty("desired", out var desired) && desired.ValueKind == JsonValueKind.True;
        // librdkafka writes -1 while it lacks the high watermark or a committed offset.
        long? lag = fields.TryGetProperty("consumer_lag", out var lagField) && lagField.GetInt64() is var value && value >= 0
            ? value
            : null;
        return new PartitionLag(topic, id, assigned, lag);
    }

    private static JsonElement RequireObject(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object
            ? element
            : throw new FormatException($"librdkafka statistics: '{path}' must be an object but is {element.ValueKind}");
}
