using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Core.Topics;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Mock;
using KafkaCron.Kafka.Publishing;
using KafkaCron.Scheduler;
using KafkaCron.Scheduler.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.Integration.Tests.Scheduler;

/// <summary>The engine and the Kafka publisher against librdkafka's mock cluster, on the real clock.</summary>
public sealed class SchedulerKafkaTests : IDisposable
{
    private static readonly string[] Clusters = ["cluster-a", "cluster-b"];

    private readonly MockKafkaCluster _cluster = MockKafkaCluster.Start(brokerCount: 3);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly TopicNames _topics = new();
    private readonly KafkaCronMetrics _metrics;
    private readonly KafkaClientFactory _clients;

    public SchedulerKafkaTests()
    {
        foreach (var topic in Clusters.SelectMany(_topics.All))
        {
            _cluster.CreateTopic(topic, partitions: 2, replicationFactor: 3);
        }

        _metrics = new KafkaCronMetrics(_services.GetRequiredService<IMeterFactory>());
        _clients = new KafkaClientFactory(
            Options.Create(new KafkaOptions { BootstrapServers = _cluster.BootstrapServers, FetchWaitMaxMs = 10 }),
            _metrics,
            NullLogger<KafkaClientFactory>.Instance);
    }

    [Fact]
    public async Task RunAsync_JobsOnTwoClusters_PublishesDecodableFiresKeyedByJobToEachClustersTopic()
    {
        var jobs = new JobFile(
            [new("cluster-a"), new("cluster-b")],
            [Job("report", "cluster-a"), Job("cleanup", "cluster-a"), Job("sync", "cluster-b")]);
        using (var publisher = new KafkaFirePublisher(_clients, NullLogger<KafkaFirePublisher>.Instance))
        {
            var engine = new SchedulerEngine(publisher, _ => new EverySecond(), TimeProvider.System, _metrics,
                Options.Create(new SchedulerOptions()), NullLogger<SchedulerEngine>.Instance);
            engine.Apply(jobs);
            using var stop = new CancellationTokenSource();
            var run = engine.RunAsync(epoch: 3, stop.Token);

            var reads = Clusters.ToDictionary(c => c, c => Task.Run(() => ReadUntil(c, messages =>
                jobs.Jobs.Where(j => j.Cluster == c).All(j => messages.Count(m => m.Message.Key == j.Name) >= 2))));
            await Task.WhenAll(reads.Values);
            var byCluster = reads.ToDictionary(pair => pair.Key, pair => pair.Value.Result);

            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(30));

            foreach (var (cluster, messages) in byCluster)
            {
                Assert.All(messages, consumed =>
                {
                    Assert.Equal(_topics.Jobs(cluster), consumed.Topic);
                    var decoded = FireMessageCodec.Decode(consumed.Message.Value, cluster);
                    Assert.True(decoded.IsSuccess, decoded.Error);
                    var fire = decoded.Fire;
                    Assert.Equal(consumed.Message.Key, fire.Job);
                    Assert.Equal(cluster, fire.Cluster);
                    Assert.Equal(3, fire.Epoch);
                    Assert.True(fire.PublishedAt >= fire.ScheduledAt, $"published {fire.PublishedAt:O} before {fire.ScheduledAt:O}");
                    Assert.Equal(0, fire.ScheduledAt.Millisecond);
                    Assert.Equal(fire.FireId, Header(consumed, FireHeaders.FireId));
                    Assert.Equal("1", Header(consumed, FireHeaders.SchemaVersion));
                    Assert.Equal("application/json", Header(consumed, FireHeaders.ContentType));
                });

                // Keyed by job: every fire of a job sits in one partition, in scheduled order.
                foreach (var job in messages.GroupBy(m => m.Message.Key))
                {
                    Assert.Single(job.Select(m => m.Partition.Value).Distinct());
                    var instants = job.Select(m => FireMessageCodec.Decode(m.Message.Value, cluster).Fire!.ScheduledAt).ToList();
                    Assert.Equal(instants.Order(), instants);
                    Assert.Equal(instants.Count, instants.Distinct().Count());
                }
            }
        }
    }

    [Fact]
    public async Task RunAsync_AllBrokersDownForAWhile_EveryInstantArrivesOnceAndInOrder()
    {
        var jobs = new JobFile([new("cluster-a")], [Job("tick", "cluster-a")]);
        using var publisher = new KafkaFirePublisher(_clients, NullLogger<KafkaFirePublisher>.Instance);
        var engine = new SchedulerEngine(publisher, _ => new EverySecond(), TimeProvider.System, _metrics,
            Options.Create(new SchedulerOptions()), NullLogger<SchedulerEngine>.Instance);
        engine.Apply(jobs);
        using var stop = new CancellationTokenSource();
        var run = engine.RunAsync(stop.Token);
        ReadUntil("cluster-a", messages => messages.Count >= 1);

        foreach (var (broker, _) in _cluster.Brokers)
        {
            _cluster.SetBrokerDown(broker);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        foreach (var (broker, _) in _cluster.Brokers)
        {
            _cluster.SetBrokerUp(broker);
        }

        var messages = ReadUntil("cluster-a", messages => messages.Count >= 6);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // The outage delays fires (the producer keeps retrying within its message timeout) but loses or doubles none.
        var instants = messages.Select(m => FireMessageCodec.Decode(m.Message.Value, "cluster-a").Fire!.ScheduledAt).ToList();
        Assert.Equal(instants.Order(), instants);
        Assert.All(instants.Zip(instants.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(1), pair.Second - pair.First));
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
        _cluster.Dispose();
    }

    private static JobDefinition Job(string name, string cluster) => new()
    {
        Name = name,
        Schedule = "@every 1s",
        Cluster = cluster,
        Command = "echo " + name,
    };

    private static string? Header(ConsumeResult<string, byte[]> consumed, string name) =>
        consumed.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;

    private List<ConsumeResult<string, byte[]>> ReadUntil(string cluster, Func<List<ConsumeResult<string, byte[]>>, bool> enough)
    {
        using var consumer = _clients.CreateConsumerBuilder("kcron-test-reader", $"test-{cluster}-{Guid.NewGuid():N}").Build();
        consumer.Subscribe(_topics.Jobs(cluster));
        var messages = new List<ConsumeResult<string, byte[]>>();
        var watch = Stopwatch.StartNew();
        while (!enough(messages))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"only {messages.Count} fires arrived on {cluster}");
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } consumed)
            {
                messages.Add(consumed);
            }
        }

        consumer.Close();
        return messages;
    }

    /// <summary>Every whole second of the Unix epoch.</summary>
    private sealed class EverySecond : IFireSchedule
    {
        public DateTimeOffset? NextAfter(DateTimeOffset after) =>
            DateTimeOffset.FromUnixTimeSeconds(after.ToUnixTimeSeconds() + 1);
    }
}
