using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Pipeline;
using KafkaCron.Worker.Runs;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaCron.Worker.Tests.Pipeline;

public sealed class ConsumerLagReporterTests
{
    private const string Lag = "kcron.consumer.lag";

    private static readonly Dictionary<string, FireQueue> Queues = new(StringComparer.Ordinal) { ["kcron.jobs.cluster-a"] = FireQueue.Main };

    [Fact]
    public void OnStatistics_OwnedAndRevokedPartitions_RecordsLagAndZeroWithClusterTopicPartitionQueue()
    {
        using var recorder = new MetricsRecorder();
        var reporter = new ConsumerLagReporter(recorder.Metrics, "cluster-a", Queues, NullLogger.Instance);

        reporter.OnStatistics("""
            { "topics": {
                "kcron.jobs.cluster-a": { "partitions": {
                  "0": { "partition": 0, "desired": true, "consumer_lag": 12 },
                  "1": { "partition": 1, "desired": false, "consumer_lag": 40 },
                  "2": { "partition": 2, "desired": true, "consumer_lag": -1 },
                  "-1": { "partition": -1, "desired": false, "consumer_lag": -1 } } },
                "other-topic": { "partitions": { "0": { "partition": 0, "desired": true, "consumer_lag": 5 } } } } }
            """);

        var recorded = recorder.Of(Lag).OrderBy(m => m.Tags[MetricTags.Partition]).ToList();
        Assert.Equal(2, recorded.Count);
        Assert.Equal(12, recorded[0].Value);
        Assert.Equal(0, recorded[1].Value);
        Assert.Equal("cluster-a", recorded[0].Tags[MetricTags.Cluster]);
        Assert.Equal("kcron.jobs.cluster-a", recorded[0].Tags[MetricTags.Topic]);
        Assert.Equal(0, recorded[0].Tags[MetricTags.Partition]);
        Assert.Equal(MetricTags.QueueMain, recorded[0].Tags[MetricTags.Queue]);
    }

    [Fact]
    public void OnStatistics_NotJson_RecordsNothingAndDoesNotThrow()
    {
        using var recorder = new MetricsRecorder();
        var reporter = new ConsumerLagReporter(recorder.Metrics, "cluster-a", Queues, NullLogger.Instance);

        reporter.OnStatistics("{ not json");

        Assert.Empty(recorder.Of(Lag));
    }
}
