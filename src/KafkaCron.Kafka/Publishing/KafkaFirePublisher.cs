using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Topics;
using KafkaCron.Kafka.Clients;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Publishing;

/// <summary>
/// Publishes fires to <c>TopicNames.Jobs(cluster)</c> through one idempotent acks=all producer, keyed by job
/// name: all fires of a job land in one partition in order, so the partition's owner can keep a job's runs in
/// order and decide its overlap policy alone (see docs/scheduler.md). The fires go out from a publishing lane
/// (<see cref="PublishingLane"/>) in the order they were published, through a producer on librdkafka directly
/// (<see cref="FireProducer"/>).
/// </summary>
public sealed class KafkaFirePublisher : ITermPublisher, IDisposable
{
    /// <summary>How long disposal waits for fires already handed to the producer to be acknowledged.</summary>
    internal static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(15);

    private readonly FireProducer _producer;
    private readonly PublishingLane _lane;
    private readonly JobsTopics _topics;
    private readonly ILogger<KafkaFirePublisher> _logger;
    private int _abandoned;
    private int _disposed;

    public KafkaFirePublisher(KafkaClientFactory clients, ILogger<KafkaFirePublisher> logger)
    {
        _producer = clients.CreateFireProducer("kcron-scheduler");
        _topics = new JobsTopics(clients.Options.TopicNames);
        _logger = logger;
        _lane = new PublishingLane(Produce);
    }

    /// <summary>Queues <paramref name="fire"/> for the publishing lane, which produces the fires in the order they came.</summary>
    public void Publish(OutgoingFire fire) => _lane.Add(fire);

    /// <summary>
    /// The term was lost: fires the lane has not produced yet fail instead, and disposal will not wait for fires
    /// still queued in the producer. It drops what the producer has not sent (those fires fail); what is already on
    /// the wire may land.
    /// </summary>
    public void Abandon() => Interlocked.Exchange(ref _abandoned, 1);

    /// <summary>
    /// Waits (bounded) for fires already handed to the producer, unless abandoned, then drops what is left, so
    /// every fire handed over has had its outcome, and closes the producer.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _lane.Dispose();
        if (Volatile.Read(ref _abandoned) == 0)
        {
            var left = _producer.Flush(FlushTimeout);
            if (left > 0)
            {
                Log.Undelivered(_logger, left, FlushTimeout.TotalSeconds);
            }
        }

        _producer.Purge();
        _producer.Dispose();
    }

    public ValueTask DisposeAsync() => new(Task.Run(Dispose));

    private void Produce(OutgoingFire fire)
    {
        if (Volatile.Read(ref _abandoned) == 1)
        {
            fire.Failed(new FirePublishException("the term was lost before the fire reached the producer", PublishFailureKind.Transient, null));
            return;
        }

        var topic = _topics.Of(fire.Cluster);
        try
        {
            if (_producer.Produce(topic, fire) is { } refused)
            {
                fire.Failed(FireRecord.Failure(refused, topic));
            }
        }
#pragma warning disable CA1031 // On the lane's thread nobody else would see it: the fire's outcome carries it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            fire.Failed(new FirePublishException($"{topic}: {ex.Message}", PublishFailureKind.Transient, ex));
        }
    }

    /// <summary>Sorts a Kafka error into what the scheduler should do about it.</summary>
    internal static PublishFailureKind Classify(Error error) => FireRecord.Classify(error);
}
