using System.Text.Json;
using KafkaCron.Core.Telemetry;

namespace KafkaCron.Core.Tests.Telemetry;

// The samples are librdkafka 2.16 statistics captured from a consumer group on the mock cluster: four partitions,
// ten messages each, every message fetched, offset 2 committed on partitions 1-3 and nothing on partition 0;
// "revoked" is the same consumer after a second member joined and the group took its partitions away.
public sealed class LibrdkafkaStatisticsTests
{
    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Telemetry", "Samples", name));

    [Fact]
    public void ParseConsumerLag_AssignedConsumer_ReportsCommittedLagPerPartition()
    {
        var lags = LibrdkafkaStatistics.ParseConsumerLag(Sample("consumer-assigned.json"));

        Assert.Equal(
            [
                new PartitionLag("kcron.jobs.alpha", 0, Assigned: true, Lag: null),
                new PartitionLag("kcron.jobs.alpha", 1, Assigned: true, Lag: 8),
                new PartitionLag("kcron.jobs.alpha", 2, Assigned: true, Lag: 8),
                new PartitionLag("kcron.jobs.alpha", 3, Assigned: true, Lag: 8),
            ],
            lags.OrderBy(l => l.Partition));
    }

    [Fact]
    public void ParseConsumerLag_AfterRevoke_MarksPartitionsUnassignedAndReportsZero()
    {
        var lags = LibrdkafkaStatistics.ParseConsumerLag(Sample("consumer-revoked.json"));

        Assert.Equal(4, lags.Count);
        Assert.All(lags, l => Assert.False(l.Assigned));
        Assert.All(lags, l => Assert.Equal(0, l.ReportedLag));
        // librdkafka still computes a lag from the stale committed offset; only ReportedLag hides it.
        Assert.Equal(8, lags.Single(l => l.Partition == 1).Lag);
    }

    [Fact]
    public void ParseConsumerLag_UnassignedPseudoPartition_IsSkipped()
    {
        var lags = LibrdkafkaStatistics.ParseConsumerLag(Sample("consumer-assigned.json"));

        Assert.DoesNotContain(lags, l => l.Partition < 0);
    }

    [Theory]
    [InlineData(true, 5L, 5L)]
    [InlineData(true, null, null)]
    [InlineData(false, 5L, 0L)]
    [InlineData(false, null, 0L)]
    public void ReportedLag_ByOwnershipAndKnownLag_IsLagZeroOrNothing(bool assigned, long? lag, long? expected) =>
        Assert.Equal(expected, new PartitionLag("t", 0, assigned, lag).ReportedLag);

    [Fact]
    public void ParseConsumerLag_NoTopicsYet_ReturnsEmpty() =>
        Assert.Empty(LibrdkafkaStatistics.ParseConsumerLag("""{"name":"rdkafka#consumer-1","type":"consumer","brokers":{}}"""));

    [Fact]
    public void ParseConsumerLag_SeveralTopics_ReadsEach()
    {
        const string json = """
            {"topics":{
              "kcron.jobs.a":{"topic":"kcron.jobs.a","partitions":{"0":{"partition":0,"desired":true,"consumer_lag":3}}},
              "kcron.retry.a":{"topic":"kcron.retry.a","partitions":{"1":{"partition":1,"desired":true,"consumer_lag":0},
                                                                      "-1":{"partition":-1,"desired":false,"consumer_lag":-1}}}}}
            """;

        var lags = LibrdkafkaStatistics.ParseConsumerLag(json);

        Assert.Equal(
            [new PartitionLag("kcron.jobs.a", 0, true, 3), new PartitionLag("kcron.retry.a", 1, true, 0)],
            lags.OrderBy(l => l.Topic));
    }

    [Fact]
    public void ParseConsumerLag_NotJson_Throws() =>
        Assert.ThrowsAny<JsonException>(() => LibrdkafkaStatistics.ParseConsumerLag("not json"));

    [Fact]
    public void ParseConsumerLag_TopicsNotAnObject_ThrowsFormatExceptionNamingThePath()
    {
        var error = Assert.Throws<FormatException>(() => LibrdkafkaStatistics.ParseConsumerLag("""{"topics":[]}"""));

        Assert.Contains("'topics'", error.Message, StringComparison.Ordinal);
    }
}
