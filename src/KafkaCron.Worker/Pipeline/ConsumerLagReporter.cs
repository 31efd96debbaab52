using System.Diagnostics;
using System.Text.Json;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Runs;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Pipeline;

/// <summary>
/// The consumer's statistics handler: records <see cref="KafkaCronMetrics.ConsumerLag"/> for every partition in
/// librdkafka's statistics (every <c>statistics.interval.ms</c>, on the consumer thread inside Consume).
/// A partition this worker no longer owns is recorded as 0, because a gauge keeps its last value forever and the
/// new owner reports the real lag.
/// </summary>
internal sealed partial class ConsumerLagReporter(
    KafkaCronMetrics metrics,
    string cluster,
    IReadOnlyDictionary<string, FireQueue> topicQueues,
    ILogger logger)
{
    public void OnStatistics(string statisticsJson)
    {
        IReadOnlyList<PartitionLag> partitions;
        try
        {
            partitions = LibrdkafkaStatistics.ParseConsumerLag(statisticsJson);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            // Lag is a dashboard and alert input, not a reason to stop consuming: skip this report, keep the last.
            StatisticsUnreadable(logger, ex.Message);
            return;
        }

        foreach (var partition in partitions)
        {
            // Only our own topics: librdkafka also lists topics it knows from metadata alone.
            if (partition.ReportedLag is not { } lag || !topicQueues.TryGetValue(partition.Topic, out var queue))
            {
                continue;
            }

            metrics.ConsumerLag.Record(lag, new TagList
            {
                { MetricTags.Cluster, cluster },
                { MetricTags.Topic, partition.Topic },
                { MetricTags.Partition, partition.Partition },
                { MetricTags.Queue, queue.ToTag() },
            });
        }
    }

    [LoggerMessage(EventId = 2040, Level = LogLevel.Warning, Message = "librdkafka statistics could not be read, consumer lag not updated: {Error}")]
    private static partial void StatisticsUnreadable(ILogger logger, string error);
}
