using Confluent.Kafka;
using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.Publishing;

namespace KafkaCron.Integration.Tests.Kafka.Publishing;

public sealed class KafkaFirePublisherTests
{
    [Theory]
    [InlineData(ErrorCode.Local_MsgTimedOut, false, PublishFailureKind.Transient)]
    [InlineData(ErrorCode.NotLeaderForPartition, false, PublishFailureKind.Transient)]
    [InlineData(ErrorCode.Local_QueueFull, false, PublishFailureKind.Transient)]
    [InlineData(ErrorCode.MsgSizeTooLarge, false, PublishFailureKind.Permanent)]
    [InlineData(ErrorCode.TopicAuthorizationFailed, false, PublishFailureKind.Permanent)]
    [InlineData(ErrorCode.Local_Fatal, true, PublishFailureKind.Fatal)]
    public void Classify_KafkaError_TellsWhetherRetryingHelps(ErrorCode code, bool fatal, PublishFailureKind expected)
    {
        Assert.Equal(expected, KafkaFirePublisher.Classify(new Error(code, "test", fatal)));
    }
}
