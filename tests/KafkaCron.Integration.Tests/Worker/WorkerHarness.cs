using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Core.Topics;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Mock;
using KafkaCron.Worker;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Outcomes;
using KafkaCron.Worker.Pipeline;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.Integration.Tests.Worker;

/// <summary>A mock Kafka cluster with one KafkaCron cluster's topics, and a worker pipeline to run against it.</summary>
internal sealed class WorkerHarness : IDisposable
{
    public const int Partitions = 3;
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private IProducer<string, byte[]>? _producer;

    public WorkerHarness(string cluster = "cluster-a", Dictionary<string, string>? client = null)
    {
        Cluster = cluster;
        Kafka = MockKafkaCluster.Start(3);
        foreach (var topic in Topics.All(cluster))
        {
            Kafka.CreateTopic(topic, Partitions, 3);
        }

        KafkaOptions = new KafkaOptions
        {
            BootstrapServers = Kafka.BootstrapServers,
            FetchWaitMaxMs = 10,
            // The mock coordinator waits about a session timeout per rebalance round, and ignores members below 6 s.
            SessionTimeoutMs = 6000,
            Partitions = Partitions,
            Client = client ?? [],
        };
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Metrics = new KafkaCronMetrics(_services.GetRequiredService<IMeterFactory>());
        Clients = new KafkaClientFactory(Microsoft.Extensions.Options.Options.Create(KafkaOptions), Metrics, Logs.CreateLogger<KafkaClientFactory>());

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KafkaCronMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            Measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            Measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _listener.Start();
    }

    public string Cluster { get; }

    public MockKafkaCluster Kafka { get; }

    public KafkaOptions KafkaOptions { get; }

    public TopicNames Topics { get; } = new();

    public string JobsTopic => Topics.Jobs(Cluster);

    public string DeadLetterTopic => Topics.DeadLetter(Cluster);

    public KafkaCronMetrics Metrics { get; }

    public KafkaClientFactory Clients { get; }

    public CapturingLoggerFactory Logs { get; } = new();

    /// <summary>librdkafka's own log lines from the worker's consumer (set Client["debug"] to see more).</summary>
    public ConcurrentQueue<LogMessage> ClientLogs { get; } = new();

    public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

    public IProducer<string, byte[]> Producer => _producer ??= Clients.CreateProducer("test-producer");

    public WorkerOptions WorkerOptions(int concurrency = 4) => new()
    {
        Cluster = Cluster,
        WorkerId = "worker-1",
        Concurrency = concurrency,
        CommitIntervalMs = 50,
        ShutdownGraceSeconds = 10,
        KillGraceSeconds = 1,
    };

    /// <summary>
    /// Starts a worker on the jobs topic that writes only dead letters: every run's outcome is final, so pipeline tests
    /// see only the jobs topic; retries have their own tests.
    /// </summary>
    public RunningWorker Start(IJobRunner runner, WorkerOptions? options = null)
    {
        options ??= WorkerOptions();
        var producer = Clients.CreateProducer("worker-producer");
        var pipeline = new WorkerPipeline(
            Clients.CreateConsumerBuilder("worker-consumer", options.EffectiveGroupId, ClientLogs.Enqueue),
            new Dictionary<string, FireQueue> { [JobsTopic] = FireQueue.Main },
            new KafkaRecordSink(producer),
            [],
            WriteRetryBudget.Default,
            runner,
            new WorkerIdentity(Cluster, options.EffectiveWorkerId, DeadLetterTopic),
            options,
            Metrics,
            new WorkerTelemetry(Metrics, Cluster, options.JobMetricsMaxJobs, Logs.CreateLogger<WorkerTelemetry>()),
            TimeProvider.System,
            Logs);
        return new RunningWorker(pipeline, producer);
    }

    public async Task<TopicPartitionOffset> ProduceFireAsync(FireMessage fire, int? partition = null) =>
        await ProduceRawAsync(fire.Job, FireMessageCodec.Encode(fire), partition);

    public async Task<TopicPartitionOffset> ProduceRawAsync(string? key, byte[]? value, int? partition = null)
    {
        var message = new Message<string, byte[]> { Key = key!, Value = value! };
        var result = partition is { } p
            ? await Producer.ProduceAsync(new TopicPartition(JobsTopic, p), message)
            : await Producer.ProduceAsync(JobsTopic, message);
        return result.TopicPartitionOffset;
    }

    public FireMessage Fire(string job, string command = "true", string? cluster = null) => new()
    {
        FireId = Guid.NewGuid().ToString("N"),
        Job = job,
        Cluster = cluster ?? Cluster,
        Command = command,
        ScheduledAt = DateTimeOffset.UtcNow,
        PublishedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>The group's committed offset per partition of the jobs topic (Offset.Unset where none).</summary>
    public IReadOnlyDictionary<int, long> Committed(string? groupId = null)
    {
        using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            GroupId = groupId ?? "kcron-" + Cluster,
        }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(JobsTopic, p));
        return reader.Committed(partitions, TimeSpan.FromSeconds(10)).ToDictionary(t => t.Partition.Value, t => t.Offset.Value);
    }

    /// <summary>Reads <paramref name="count"/> dead letters from the start of the dead-letter topic.</summary>
    public List<DeadLetter> ReadDeadLetters(int count)
    {
        using var reader = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            GroupId = "dead-letter-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
        }).SetErrorHandler((_, error) => Logs.Entries.Enqueue((0, LogLevel.Error, "dead-letter reader: " + error.Reason))).Build();
        reader.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(DeadLetterTopic, p, Offset.Beginning)));
        var letters = new List<DeadLetter>();
        var deadline = DateTimeOffset.UtcNow + Deadline;
        while (letters.Count < count && DateTimeOffset.UtcNow < deadline)
        {
            if (reader.Consume(TimeSpan.FromMilliseconds(100)) is { } result)
            {
                letters.Add(FireMessageCodec.DecodeDeadLetter(result.Message.Value) ?? throw new InvalidOperationException("not a dead letter"));
            }
        }

        return letters;
    }

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTimeOffset.UtcNow + (within ?? Deadline);
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting until " + what);
            }

            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("KCRON_TEST_LOG_DIR") is { } dir)
        {
            File.WriteAllLines(Path.Combine(dir, Guid.NewGuid().ToString("N") + ".log"),
                Logs.Entries.Select(e => $"{e.EventId} {e.Level} {e.Message}"));
        }

        _listener.Dispose();
        _producer?.Dispose();
        Metrics.Dispose();
        _services.Dispose();
        Kafka.Dispose();
    }
}

/// <summary>A pipeline running in the background, stopped the way the host stops it.</summary>
internal sealed class RunningWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly IProducer<string, byte[]> _producer;

    public RunningWorker(WorkerPipeline pipeline, IProducer<string, byte[]> producer)
    {
        _producer = producer;
        Run = Task.Run(() => pipeline.RunAsync(_stop.Token));
    }

    public Task Run { get; }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(WorkerHarness.Deadline);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            await StopAsync();
        }

        _producer.Dispose();
        _stop.Dispose();
    }
}
