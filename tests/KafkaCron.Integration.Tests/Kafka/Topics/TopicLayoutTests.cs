using KafkaCron.Kafka;
using KafkaCron.Kafka.Topics;

namespace KafkaCron.Integration.Tests.Kafka.Topics;

public sealed class TopicLayoutTests
{
    private static readonly KafkaOptions Options = new() { Partitions = 6, ReplicationFactor = 3, RunsRetentionHours = 48 };

    [Fact]
    public void For_RunsTopic_KeepsRecordsForTheConfiguredRetention()
    {
        var spec = TopicLayout.For("kcron.runs.cluster-a", Options);

        Assert.Equal(6, spec.NumPartitions);
        Assert.Equal(3, spec.ReplicationFactor);
        Assert.Equal("delete", spec.Configs["cleanup.policy"]);
        Assert.Equal("172800000", spec.Configs["retention.ms"]);
    }

    [Fact]
    public void For_ControlTopic_IsCompactedInOnePartition()
    {
        var spec = TopicLayout.For("kcron.control", Options);

        Assert.Equal(1, spec.NumPartitions);
        Assert.Equal("compact", spec.Configs["cleanup.policy"]);
        Assert.False(TopicLayout.PartitionCountMatters("kcron.control", Options));
    }

    [Fact]
    public void For_JobsTopic_TakesTheBrokersDefaults()
    {
        var spec = TopicLayout.For("kcron.jobs.cluster-a", Options);

        Assert.Equal(6, spec.NumPartitions);
        Assert.Null(spec.Configs);
        Assert.True(TopicLayout.PartitionCountMatters("kcron.jobs.cluster-a", Options));
    }

    [Fact]
    public void Describe_Topics_SayWhatToCreateByHand()
    {
        Assert.Equal("kcron.control: 1 partition, cleanup.policy=compact", TopicLayout.Describe(TopicLayout.For("kcron.control", Options)));
        Assert.Equal("kcron.runs.a: 6 partitions (Kafka:Partitions), cleanup.policy=delete, retention.ms=172800000",
            TopicLayout.Describe(TopicLayout.For("kcron.runs.a", Options)));
    }
}
