using System.Diagnostics.Metrics;
using KafkaCron.Core.Leadership;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Mock;
using KafkaCron.Kafka.Publishing;
using KafkaCron.Kafka.ReadBack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.Integration.Tests.Kafka.ReadBack;

/// <summary>The read-back and the term publishers against librdkafka's mock cluster.</summary>
public sealed class KafkaPublishedFireReaderTests : IDisposable
{
    private const string Topic = "kcron.jobs.cluster-a";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly MockKafkaCluster _cluster = MockKafkaCluster.Start(brokerCount: 1);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly KafkaClientFactory _clients;

    public KafkaPublishedFireReaderTests()
    {
        _cluster.CreateTopic(Topic, partitions: 2, replicationFactor: 1);
        _clients = new KafkaClientFactory(
            Options.Create(new KafkaOptions { BootstrapServers = _cluster.BootstrapServers, FetchWaitMaxMs = 10, StartupTimeoutSeconds = 20 }),
            new KafkaCronMetrics(_services.GetRequiredService<IMeterFactory>()),
            NullLogger<KafkaClientFactory>.Instance);
    }

    private static FireMessage Fire(string job, int second, long epoch) => TestFires.FirstAttempt(job, T0.AddSeconds(second), epoch, "cluster-a");

    [Fact]
    public async Task ReadAsync_FromCheckpointOffsets_FindsOnlyWhatCameAfterAndTheEnds()
    {
        var receipts = new List<FireReceipt>();
        await using (var publisher = new KafkaFirePublisher(_clients, NullLogger<KafkaFirePublisher>.Instance))
        {
            for (var second = 1; second <= 6; second++)
            {
                receipts.Add(await publisher.PublishAsync(Fire(second % 2 == 0 ? "even" : "odd", second, 1), CancellationToken.None));
            }
        }

        // The checkpoint was taken after the first two fires.
        var from = receipts.Take(2).GroupBy(r => r.Partition)
            .Select(g => new TopicPartitionPosition(Topic, g.Key, g.Max(r => r.Offset) + 1)).ToList();
        using var reader = new KafkaPublishedFireReader(_clients, NullLogger<KafkaPublishedFireReader>.Instance);

        var found = await reader.ReadAsync(["cluster-a"], from, CancellationToken.None);

        Assert.Equal(T0.AddSeconds(6), found.LatestPerJob["even"]);
        Assert.Equal(T0.AddSeconds(5), found.LatestPerJob["odd"]);
        Assert.Equal(receipts.Skip(2).Count(r => from.Any(f => f.Partition == r.Partition)), found.Count);
        Assert.Equal(
            receipts.GroupBy(r => r.Partition).Select(g => (g.Key, g.Max(r => r.Offset) + 1)).Order(),
            found.Ends.Where(e => receipts.Any(r => r.Partition == e.Partition)).Select(e => (e.Partition, e.Offset)).Order());
    }

    [Fact]
    public async Task ReadAsync_PartitionsTheCheckpointDoesNotName_AreNotReadButTheirEndsAreGiven()
    {
        await using (var publisher = new KafkaFirePublisher(_clients, NullLogger<KafkaFirePublisher>.Instance))
        {
            await publisher.PublishAsync(Fire("a", 1, 1), CancellationToken.None);
            await publisher.PublishAsync(Fire("b", 2, 1), CancellationToken.None);
        }

        using var reader = new KafkaPublishedFireReader(_clients, NullLogger<KafkaPublishedFireReader>.Instance);

        var found = await reader.ReadAsync(["cluster-a"], [], CancellationToken.None);
        var again = await reader.ReadAsync(["cluster-a"], [], CancellationToken.None);

        Assert.Equal(0, found.Count);
        Assert.Equal(2, found.Ends.Sum(e => e.Offset));
        Assert.Equal(found.Ends, again.Ends);
    }

    [Fact]
    public async Task TransactionalPublisher_OnTheMock_CommitsFiresWithReceipts()
    {
        await using var publisher = await TransactionalFirePublisher.OpenAsync(
            _clients, "kcron-scheduler-test", 100, TimeSpan.FromSeconds(20), NullLogger.Instance, CancellationToken.None);

        var receipts = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => publisher.PublishAsync(Fire("t" + (i % 3), i, 1), CancellationToken.None)));

        Assert.All(receipts, r => Assert.Equal(Topic, r.Topic));
        Assert.Equal(20, receipts.Select(r => (r.Partition, r.Offset)).Distinct().Count());
    }

    [Fact]
    public async Task TransactionalPublisher_Abandoned_RefusesFurtherFires()
    {
        await using var publisher = await TransactionalFirePublisher.OpenAsync(
            _clients, "kcron-scheduler-test", 100, TimeSpan.FromSeconds(20), NullLogger.Instance, CancellationToken.None);
        await publisher.PublishAsync(Fire("a", 1, 1), CancellationToken.None);

        publisher.Abandon();

        var failure = await Assert.ThrowsAsync<FirePublishException>(() => publisher.PublishAsync(Fire("a", 2, 1), CancellationToken.None));
        Assert.Equal(PublishFailureKind.Fatal, failure.Kind);
    }

    [Fact]
    public async Task ReadAsync_TransactionallyPublishedFires_AreReadToTheEndPastTheTransactionMarkers()
    {
        await using (var publisher = await TransactionalFirePublisher.OpenAsync(
            _clients, "kcron-scheduler-test", 100, TimeSpan.FromSeconds(20), NullLogger.Instance, CancellationToken.None))
        {
            for (var second = 1; second <= 5; second++)
            {
                await publisher.PublishAsync(Fire("t", second, 2), CancellationToken.None);
            }
        }

        using var reader = new KafkaPublishedFireReader(_clients, NullLogger<KafkaPublishedFireReader>.Instance);
        var found = await reader.ReadAsync(["cluster-a"], [new(Topic, 0, 0), new(Topic, 1, 0)], CancellationToken.None);

        Assert.Equal(5, found.Count);
        Assert.Equal(T0.AddSeconds(5), found.LatestPerJob["t"]);
        Assert.Equal(2, found.HighestEpoch);
    }

    /// <summary>
    /// What the mock cannot show: a second producer initialising the same transactional id should fence the first
    /// (real Kafka bumps the producer epoch and refuses the first's commits). librdkafka's mock hands it a new
    /// producer id instead, so the first keeps committing. Should this test start failing, the mock has learnt
    /// fencing, and the scheduler tests can run with Scheduler:TransactionalProducer on.
    /// </summary>
    [Fact]
    public async Task TransactionalPublisher_SecondOpenedWithTheSameId_OnTheMockDoesNotFenceTheFirst()
    {
        await using var deposed = await TransactionalFirePublisher.OpenAsync(
            _clients, "kcron-scheduler-fence", 100, TimeSpan.FromSeconds(20), NullLogger.Instance, CancellationToken.None);
        await using var successor = await TransactionalFirePublisher.OpenAsync(
            _clients, "kcron-scheduler-fence", 100, TimeSpan.FromSeconds(20), NullLogger.Instance, CancellationToken.None);

        await successor.PublishAsync(Fire("s", 1, 2), CancellationToken.None);
        var late = await deposed.PublishAsync(Fire("d", 2, 1), CancellationToken.None);

        Assert.Equal(Topic, late.Topic);
    }

    public void Dispose()
    {
        _services.Dispose();
        _cluster.Dispose();
    }
}
