using System.Diagnostics.Metrics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Confluent.Kafka;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Mock;
using KafkaCron.Kafka.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.Benchmarks.Publishing;

/// <summary>
/// Handing 100,000 fire records (key, a 330-byte value, the three fire headers) to librdkafka, as the scheduler's
/// publishing lane does when 100,000 jobs are due at one second: the scheduler's <see cref="FireProducer"/>, against
/// Confluent.Kafka's <c>Produce</c> with one shared delivery handler (what the publisher used before,
/// docs/decisions/native-fire-producer.md). Both with KafkaCron's producer settings, against an in-process mock
/// cluster. An operation is the hand-over only: the acknowledgements are awaited after it, outside the measurement.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet calls no Dispose; GlobalCleanup releases everything.
public class FirePublishingBenchmarks
#pragma warning restore CA1001
{
    private const int Records = 100_000;
    private const string Cluster = "bench";

    private static readonly byte[] SchemaVersion = Encoding.UTF8.GetBytes("1");
    private static readonly byte[] ContentType = Encoding.UTF8.GetBytes(FireHeaders.JsonContentType);

    private readonly byte[] _value = Enumerable.Repeat((byte)'x', 330).ToArray();
    private readonly Acknowledgements _acknowledged = new();
    private MockKafkaCluster _cluster = null!;
    private ServiceProvider _services = null!;
    private KafkaClientFactory _clients = null!;
    private string _topic = null!;
    private string[] _jobs = null!;
    private string[] _fireIds = null!;
    private OutgoingFire[] _fires = null!;
    private FireProducer _producer = null!;
    private IProducer<string, byte[]> _confluent = null!;
    private Action<DeliveryReport<string, byte[]>> _onDelivered = null!;

    [GlobalSetup]
    public void Start()
    {
        _cluster = MockKafkaCluster.Start(brokerCount: 1);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = new KafkaOptions { BootstrapServers = _cluster.BootstrapServers };
        _topic = options.TopicNames.Jobs(Cluster);
        _cluster.CreateTopic(_topic, partitions: 32, replicationFactor: 1);
        _clients = new KafkaClientFactory(
            Options.Create(options), new KafkaCronMetrics(_services.GetRequiredService<IMeterFactory>()), NullLogger<KafkaClientFactory>.Instance);
        _jobs = [.. Enumerable.Range(0, Records).Select(i => $"job-{i}")];
        _fireIds = [.. Enumerable.Range(0, Records).Select(_ => Guid.CreateVersion7().ToString())];
        _fires = [.. Enumerable.Range(0, Records).Select(i => new OutgoingFire(null, Cluster, Encoding.UTF8.GetBytes(_jobs[i]), _fireIds[i], _acknowledged) { Value = _value })];
        _producer = _clients.CreateFireProducer("bench-fires");
        _confluent = _clients.CreateProducer("bench-confluent");
        _onDelivered = _ => _acknowledged.One();
    }

    [IterationSetup]
    public void Expect() => _acknowledged.Expect(Records);

    [Benchmark(Baseline = true)]
    public void ConfluentProduce()
    {
        for (var i = 0; i < Records; i++)
        {
            _confluent.Produce(_topic, new Message<string, byte[]>
            {
                Key = _jobs[i],
                Value = _value,
                Headers = new Headers
                {
                    { FireHeaders.FireId, Encoding.UTF8.GetBytes(_fireIds[i]) },
                    { FireHeaders.SchemaVersion, SchemaVersion },
                    { FireHeaders.ContentType, ContentType },
                },
            }, _onDelivered);
        }
    }

    [Benchmark]
    public void FireProducerProduce()
    {
        foreach (var fire in _fires)
        {
            if (_producer.Produce(_topic, fire) is { } refused)
            {
                throw new InvalidOperationException($"the producer refused a record: {refused}");
            }
        }
    }

    [IterationCleanup]
    public void AwaitAcknowledgements() => _acknowledged.Wait();

    [GlobalCleanup]
    public void Stop()
    {
        _producer.Dispose();
        _confluent.Dispose();
        _services.Dispose();
        _cluster.Dispose();
    }

    private sealed class Acknowledgements : IPublishOutcomes
    {
        private readonly object _gate = new();
        private long _left;

        public void Expect(int count) => Interlocked.Exchange(ref _left, count);

        public void One()
        {
            if (Interlocked.Decrement(ref _left) == 0)
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }

        public void Report(OutgoingFire fire)
        {
            if (fire.Failure is not null)
            {
                throw new InvalidOperationException("a fire failed in the benchmark", fire.Failure);
            }

            One();
        }

        public void Wait()
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            lock (_gate)
            {
                while (Interlocked.Read(ref _left) > 0)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        throw new TimeoutException($"{Interlocked.Read(ref _left)} records were not acknowledged");
                    }

                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(100));
                }
            }
        }
    }
}
