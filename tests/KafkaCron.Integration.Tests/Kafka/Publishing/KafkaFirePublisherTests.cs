using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.Publishing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaCron.Integration.Tests.Kafka.Publishing;

/// <summary>The fire publisher on librdkafka directly (<see cref="FireProducer"/>), against the mock cluster.</summary>
public sealed class KafkaFirePublisherTests : IDisposable
{
    private readonly MockKafkaWithTopics _kafka = new();
    private readonly Outcomes _outcomes = new();

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

    [Fact]
    public void Dispose_FiresHandedOver_EachIsAcknowledgedWithWhereItWasStoredBeforeDisposeReturns()
    {
        var fires = Enumerable.Range(0, 200).Select(i => Fire($"job-{i}")).ToList();
        using (var publisher = new KafkaFirePublisher(_kafka.Clients, NullLogger<KafkaFirePublisher>.Instance))
        {
            fires.ForEach(publisher.Publish);
        }

        Assert.Equal(200, _outcomes.Reported.Count);
        Assert.All(fires, fire => Assert.Null(fire.Failure));
        var topic = _kafka.Topics.Jobs(MockKafkaWithTopics.Cluster);
        Assert.All(fires, fire => Assert.Equal(topic, fire.Receipt.Topic));
        // Each partition's offsets are the fires' places in it, with no gap and no repeat.
        Assert.All(
            fires.GroupBy(fire => fire.Receipt.Partition),
            partition => Assert.Equal(
                Enumerable.Range(0, partition.Count()).Select(offset => (long)offset),
                partition.Select(fire => fire.Receipt.Offset).Order()));
    }

    [Fact]
    public void Publish_RecordLargerThanTheProducerAccepts_FailsAsPermanentNamingTheTopic()
    {
        var fire = Fire("huge", new byte[2_000_000]);
        using (var publisher = new KafkaFirePublisher(_kafka.Clients, NullLogger<KafkaFirePublisher>.Instance))
        {
            publisher.Publish(fire);
        }

        Assert.Same(fire, Assert.Single(_outcomes.Reported));
        var failure = Assert.IsType<FirePublishException>(fire.Failure);
        Assert.Equal(PublishFailureKind.Permanent, failure.Kind);
        Assert.StartsWith(_kafka.Topics.Jobs(MockKafkaWithTopics.Cluster) + ": MsgSizeTooLarge", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAfterAbandon_BrokerDown_ReturnsWithoutWaitingAndEveryFireFails()
    {
        var fires = Enumerable.Range(0, 50).Select(i => Fire($"job-{i}")).ToList();
        var publisher = new KafkaFirePublisher(_kafka.Clients, NullLogger<KafkaFirePublisher>.Instance);
        await publisher.PublishAsync(Message("warm-up"), CancellationToken.None);
        _outcomes.Reported.Clear();
        foreach (var (broker, _) in _kafka.Kafka.Brokers)
        {
            _kafka.Kafka.SetBrokerDown(broker);
        }

        fires.ForEach(publisher.Publish);
        publisher.Abandon();
        // Far below the flush's 15 s: disposal of an abandoned publisher does not wait for the broker.
        await publisher.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(50, _outcomes.Reported.Count);
        Assert.All(fires, fire => Assert.Equal(PublishFailureKind.Transient, Assert.IsType<FirePublishException>(fire.Failure).Kind));
    }

    [Fact]
    public async Task Publish_AfterAbandon_EveryFireFailsAndNoneReachesTheTopic()
    {
        var fires = Enumerable.Range(0, 50).Select(i => Fire($"job-{i}")).ToList();
        await using (var publisher = new KafkaFirePublisher(_kafka.Clients, NullLogger<KafkaFirePublisher>.Instance))
        {
            publisher.Abandon();
            fires.ForEach(publisher.Publish);
        }

        Assert.Equal(50, _outcomes.Reported.Count);
        Assert.All(fires, fire => Assert.Equal(PublishFailureKind.Transient, Assert.IsType<FirePublishException>(fire.Failure).Kind));
        using var consumer = _kafka.Clients.CreateReadBackConsumer("test-reader");
        var topic = _kafka.Topics.Jobs(MockKafkaWithTopics.Cluster);
        Assert.All(
            Enumerable.Range(0, MockKafkaWithTopics.Partitions),
            partition => Assert.Equal(0, consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(10)).High.Value));
    }

    [Fact]
    public async Task Publish_OneJobsFiresOneAfterAnother_StoredInTheOrderTheyWerePublished()
    {
        var fires = Enumerable.Range(0, 500).Select(_ => Fire("the-job")).ToList();
        await using (var publisher = new KafkaFirePublisher(_kafka.Clients, NullLogger<KafkaFirePublisher>.Instance))
        {
            fires.ForEach(publisher.Publish);
        }

        Assert.Equal(Enumerable.Range(0, 500).Select(offset => (long)offset), fires.Select(fire => fire.Receipt.Offset));
    }

    [Fact]
    public void FireProducer_SettingLibrdkafkaDoesNotKnow_IsRefusedNamingIt()
    {
        var settings = new Dictionary<string, string> { ["bootstrap.servers"] = _kafka.Kafka.BootstrapServers, ["no.such.setting"] = "1" };

        var refused = Assert.Throws<ArgumentException>(() => new FireProducer(settings, _ => { }, _ => { }));

        Assert.Contains("no.such.setting", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FireProducer_NoBrokerListening_ReportsTheClientErrorAndLogsThroughTheHandlers()
    {
        var errors = new ConcurrentQueue<Error>();
        var lines = new ConcurrentQueue<LogMessage>();
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = new Dictionary<string, string> { ["bootstrap.servers"] = "127.0.0.1:1", ["client.id"] = "test-fires" };

        using (new FireProducer(
            settings,
            error =>
            {
                errors.Enqueue(error);
                heard.TrySetResult();
            },
            lines.Enqueue))
        {
            await heard.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Contains(errors, error => error.Code is ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown);
        Assert.Contains(lines, line => line.Name == "test-fires" && line.Message.Contains("127.0.0.1:1", StringComparison.Ordinal));
    }

    public void Dispose() => _kafka.Dispose();

    private OutgoingFire Fire(string job, byte[]? value = null) =>
        new(null, MockKafkaWithTopics.Cluster, Encoding.UTF8.GetBytes(job), $"{job}-fire", _outcomes)
        {
            Value = value ?? FireMessageCodec.Encode(Message(job)),
        };

    private static FireMessage Message(string job) => new()
    {
        Job = job,
        FireId = $"{job}-fire",
        Cluster = MockKafkaWithTopics.Cluster,
        Command = "true",
        ScheduledAt = DateTimeOffset.UnixEpoch,
        PublishedAt = DateTimeOffset.UnixEpoch,
    };

    private sealed class Outcomes : IPublishOutcomes
    {
        public ConcurrentQueue<OutgoingFire> Reported { get; } = new();

        public void Report(OutgoingFire fire) => Reported.Enqueue(fire);
    }
}
