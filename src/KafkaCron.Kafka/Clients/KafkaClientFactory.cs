using Confluent.Kafka;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka.Publishing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.Kafka.Clients;

/// <summary>
/// Builds Confluent.Kafka clients from validated <see cref="KafkaOptions"/>, with KafkaCron's delivery guarantees
/// and with client errors logged and counted. Nothing else in KafkaCron builds a client from raw configuration.
/// </summary>
public sealed class KafkaClientFactory(
    IOptions<KafkaOptions> options,
    KafkaCronMetrics metrics,
    ILogger<KafkaClientFactory> logger,
    TimeProvider? time = null)
{
    private readonly KafkaOptions _options = options.Value;
    private readonly LibrdkafkaLog _clientLog = new(logger, time ?? TimeProvider.System);
    private readonly RepeatLimiter<(string Client, ErrorCode Code)> _repeatedErrors = new(time ?? TimeProvider.System);

    public KafkaOptions Options => _options;

    /// <summary>
    /// An idempotent producer with acks=all: a retried send never duplicates or reorders within a partition, and
    /// a fire counts as published only once every in-sync replica has it.
    /// </summary>
    /// <param name="deliveryTimeout">How long a record may wait for Kafka before it fails (message.timeout.ms; 30 s by
    /// default): a command-line tool gives up sooner, with one line, where a program keeps trying.</param>
    public IProducer<string, byte[]> CreateProducer(string clientId, TimeSpan? deliveryTimeout = null) =>
        new ProducerBuilder<string, byte[]>(ProducerSettings(clientId, deliveryTimeout))
            .SetErrorHandler((_, error) => OnError(clientId, error))
            .SetLogHandler((_, message) => _clientLog.OnLog(clientId, message))
            .Build();

    /// <summary>
    /// The scheduler's producer of fires outside transactions: the settings of <see cref="CreateProducer"/>, on
    /// librdkafka directly (<see cref="FireProducer"/>), its errors and log lines handled like every client's.
    /// </summary>
    internal FireProducer CreateFireProducer(string clientId) =>
        new(ProducerSettings(clientId), error => OnError(clientId, error), message => _clientLog.OnLog(clientId, message));

    /// <summary>
    /// The scheduler's transactional producer of fires, on Confluent.Kafka: the settings of
    /// <see cref="CreateProducer"/>, keys and values serialised by <paramref name="keys"/> and
    /// <paramref name="values"/>. Initialising its transactions fences every producer opened earlier with
    /// <paramref name="transactionalId"/>.
    /// </summary>
    public IProducer<TKey, TValue> CreateTransactionalFireProducer<TKey, TValue>(
        string clientId, ISerializer<TKey> keys, ISerializer<TValue> values, string transactionalId)
    {
        var config = ProducerSettings(clientId);
        // The handlers read the key (the fire), the error and where the record went; marshalling the headers,
        // timestamp and persistence status of every delivery back from librdkafka would be work thrown away.
        config.DeliveryReportFields = "key";
        config.TransactionalId = transactionalId;
        // A transaction left open by a leader that died is aborted by the coordinator after this long; a new
        // leader's InitTransactions aborts it at once anyway.
        config.TransactionTimeoutMs = 60_000;
        return new ProducerBuilder<TKey, TValue>(config)
            .SetKeySerializer(keys)
            .SetValueSerializer(values)
            .SetErrorHandler((_, error) => OnError(clientId, error))
            .SetLogHandler((_, message) => _clientLog.OnLog(clientId, message))
            .Build();
    }

    /// <summary>
    /// A consumer that reads partitions it is assigned, outside any group's offsets, and sees only committed
    /// transactions: what the scheduler reads back of its own topics, and the readers of the run history and the
    /// control topic.
    /// </summary>
    /// <param name="fetchWaitMaxMs">fetch.wait.max.ms for a reader that stops at the end it saw at start and must hear
    /// an empty fetch at once (the mock cluster answers one only when this runs out); Kafka:FetchWaitMaxMs by default.</param>
    public IConsumer<string, byte[]> CreateReadBackConsumer(string clientId, int? fetchWaitMaxMs = null)
    {
        var config = new ConsumerConfig(Base(clientId))
        {
            GroupId = clientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnablePartitionEof = true,
            FetchWaitMaxMs = fetchWaitMaxMs ?? _options.FetchWaitMaxMs,
        };
        return new ConsumerBuilder<string, byte[]>(config)
            .SetErrorHandler((_, error) => OnError(clientId, error))
            .SetLogHandler((_, message) => _clientLog.OnLog(clientId, message))
            .Build();
    }

    /// <summary>
    /// A consumer that never commits on its own: the worker commits an offset only once every message before it
    /// in the partition has finished.
    /// </summary>
    /// <param name="alsoLog">Sees every librdkafka log line before the rate limit (a test reading the client's debug lines).</param>
    public ConsumerBuilder<string, byte[]> CreateConsumerBuilder(string clientId, string groupId, Action<LogMessage>? alsoLog = null)
    {
        var config = new ConsumerConfig(Base(clientId))
        {
            GroupId = groupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = _options.FetchWaitMaxMs,
            SessionTimeoutMs = _options.SessionTimeoutMs,
            HeartbeatIntervalMs = Math.Max(500, _options.SessionTimeoutMs / 3),
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            StatisticsIntervalMs = 5_000,
        };
        return new ConsumerBuilder<string, byte[]>(config)
            .SetErrorHandler((_, error) => OnError(clientId, error))
            .SetLogHandler((_, message) =>
            {
                alsoLog?.Invoke(message);
                _clientLog.OnLog(clientId, message);
            });
    }

    /// <summary>
    /// An admin client whose metadata requests never create a topic (librdkafka's producer-side default would let a
    /// broker with auto.create.topics.enable, or the mock cluster, create one just because it was asked about):
    /// KafkaCron creates its topics only through <see cref="Topics.TopicProvisioner"/>.
    /// </summary>
    public IAdminClient CreateAdminClient(string clientId)
    {
        var config = new AdminClientConfig(Base(clientId));
        config.Set("allow.auto.create.topics", "false");
        return new AdminClientBuilder(config)
            .SetErrorHandler((_, error) => OnError(clientId, error))
            .SetLogHandler((_, message) => _clientLog.OnLog(clientId, message))
            .Build();
    }

    /// <summary>
    /// Every producer's settings: the operator's <c>Kafka:Client</c>, then KafkaCron's guarantees over them
    /// (idempotence, acks=all, the delivery timeout), which no setting may weaken. <c>linger.ms</c> is tuning, not a
    /// guarantee: 1 ms unless the operator sets it (or its alias <c>queue.buffering.max.ms</c>).
    /// </summary>
    internal ProducerConfig ProducerSettings(string clientId, TimeSpan? deliveryTimeout = null)
    {
        var config = new ProducerConfig(Base(clientId))
        {
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = (int)(deliveryTimeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds,
        };
        if (!_options.Client.ContainsKey("linger.ms") && !_options.Client.ContainsKey("queue.buffering.max.ms"))
        {
            // A fire is due now: do not wait to fill batches.
            config.LingerMs = 1;
        }

        return config;
    }

    private ClientConfig Base(string clientId)
    {
        var config = new ClientConfig(new Dictionary<string, string>(_options.Client))
        {
            BootstrapServers = _options.BootstrapServers,
            ClientId = clientId,
        };
        return config;
    }

    private void OnError(string clientId, Error error)
    {
        metrics.KafkaClientErrors.Add(1,
            new KeyValuePair<string, object?>(MetricTags.Client, clientId),
            new KeyValuePair<string, object?>(MetricTags.Code, error.Code.ToString()));
        if (error.IsFatal)
        {
            KafkaLog.FatalClientError(logger, clientId, error.Code, error.Reason);
        }
        else if (_repeatedErrors.TryPass((clientId, error.Code), out var held))
        {
            // Every error is counted above; the log shows an outage's first line and then one every window.
            KafkaLog.ClientError(logger, clientId, error.Code, error.Reason, held);
        }
    }
}
