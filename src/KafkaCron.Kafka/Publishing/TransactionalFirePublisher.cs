using System.Threading.Channels;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Topics;
using KafkaCron.Kafka.Clients;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Publishing;

/// <summary>
/// Publishes one term's fires through Kafka's transactional producer, with the deployment's transactional id.
/// Opening it (<c>InitTransactions</c>) fences every producer opened earlier with that id: the coordinator aborts
/// its open transaction and the brokers refuse its later sends, so a deposed leader that wakes up cannot add a
/// single fire that read_committed consumers see. Fires are grouped: each transaction carries what was handed
/// over while the previous one committed, so a burst costs a few commits, not one per fire.
/// </summary>
/// <remarks>librdkafka's mock cluster gives every InitTransactions a new producer id instead of bumping the
/// epoch of the existing one, so it cannot show fencing; see docs/scheduler.md.</remarks>
public sealed class TransactionalFirePublisher : ITermPublisher
{
    private const int MaxBatch = 1_000;
    private static readonly TimeSpan CommitTimeout = TimeSpan.FromSeconds(30);

    private readonly IProducer<OutgoingFire, OutgoingFire> _producer;
    private readonly JobsTopics _topics;
    private readonly ILogger _logger;
    private readonly Channel<OutgoingFire> _queue;
    private readonly Task _loop;
    private int _abandoned;
    private int _disposed;

    private TransactionalFirePublisher(IProducer<OutgoingFire, OutgoingFire> producer, TopicNames topics, int capacity, ILogger logger)
    {
        _producer = producer;
        _topics = new JobsTopics(topics);
        _logger = logger;
        _queue = Channel.CreateBounded<OutgoingFire>(new BoundedChannelOptions(capacity) { SingleReader = true });
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>
    /// Creates the producer and initialises its transactions, fencing earlier producers with
    /// <paramref name="transactionalId"/>. Blocks a thread-pool thread for up to <paramref name="timeout"/>.
    /// </summary>
    public static async Task<TransactionalFirePublisher> OpenAsync(
        KafkaClientFactory clients, string transactionalId, int capacity, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var producer = clients.CreateTransactionalFireProducer("kcron-scheduler", OutgoingFireSerializer.Key, OutgoingFireSerializer.Value, transactionalId);
        try
        {
            await Task.Run(() => producer.InitTransactions(timeout), cancellationToken);
        }
        catch (KafkaException ex)
        {
            producer.Dispose();
            throw FireRecord.Failure(ex.Error, "(transactions)", ex);
        }
        catch (OperationCanceledException)
        {
            producer.Dispose();
            throw;
        }

        Log.TransactionsInitialised(logger, transactionalId);
        return new TransactionalFirePublisher(producer, clients.Options.TopicNames, capacity, logger);
    }

    /// <summary>Queues the fire for the next transaction; its outcome is reported once that transaction ends.</summary>
    public void Publish(OutgoingFire fire)
    {
        if (!_queue.Writer.TryWrite(fire))
        {
            fire.Failed(_queue.Reader.Completion.IsCompleted
                ? new FirePublishException("the term's transactional producer is closed", PublishFailureKind.Fatal, null)
                : new FirePublishException("the term's transactional producer has more fires queued than it was opened for", PublishFailureKind.Transient, null));
        }
    }

    /// <summary>The term was lost: the open transaction is aborted instead of committed, and nothing more is sent.</summary>
    public void Abandon()
    {
        Interlocked.Exchange(ref _abandoned, 1);
        _queue.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _loop;
        _producer.Dispose();
    }

    private bool Abandoned => Volatile.Read(ref _abandoned) == 1;

    private async Task LoopAsync()
    {
        var batch = new List<OutgoingFire>(MaxBatch);
        Exception? broken = null;
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (broken is not null || Abandoned)
            {
                FailAll(batch, broken ?? Closed());
                continue;
            }

            try
            {
                broken = await CommitBatchAsync(batch);
            }
#pragma warning disable CA1031 // Not swallowed: the batch and every later fire fail with it, and the term ends.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                broken = new FirePublishException("the transactional producer failed: " + ex.Message, PublishFailureKind.Fatal, ex);
                FailAll(batch, broken);
            }
        }
    }

    /// <returns>The failure that makes the producer unusable, if one happened.</returns>
    private async Task<Exception?> CommitBatchAsync(List<OutgoingFire> batch)
    {
        var reports = new DeliveryReports(batch.Count);
        try
        {
            _producer.BeginTransaction();
            for (var i = 0; i < batch.Count; i++)
            {
                var index = i;
                _producer.Produce(_topics.Of(batch[i].Cluster), FireRecord.Build(batch[i]), report => reports.Record(index, report));
            }

            if (Abandoned)
            {
                _producer.AbortTransaction(CommitTimeout);
                FailAll(batch, Closed());
                return null;
            }

            _producer.CommitTransaction(CommitTimeout);
        }
        catch (KafkaTxnRequiresAbortException ex)
        {
            Log.TransactionAborted(_logger, batch.Count, ex.Error.Code, ex.Error.Reason);
            TryAbort();
            FailAll(batch, new FirePublishException($"transaction aborted: {ex.Error.Code}: {ex.Error.Reason}", PublishFailureKind.Transient, ex));
            return null;
        }
        catch (KafkaException ex)
        {
            // Fenced (another term initialised the transactional id), or the producer is otherwise broken for good.
            var failure = ex.Error.IsFatal || ex.Error.Code is ErrorCode.ProducerFenced or ErrorCode.InvalidProducerEpoch
                ? new FirePublishException($"transactional producer unusable: {ex.Error.Code}: {ex.Error.Reason}", PublishFailureKind.Fatal, ex)
                : FireRecord.Failure(ex.Error, "(transaction)", ex);
            Log.TransactionFailed(_logger, batch.Count, ex.Error.Code, ex.Error.Reason);
            if (failure.Kind != PublishFailureKind.Fatal)
            {
                TryAbort();
            }

            FailAll(batch, failure);
            return failure.Kind == PublishFailureKind.Fatal ? failure : null;
        }

        // Delivery reports arrive on the producer's poll thread; the commit has flushed them already, or nearly.
        try
        {
            await reports.All.WaitAsync(CommitTimeout);
        }
        catch (TimeoutException)
        {
            // The fires without a report fail below.
        }

        for (var i = 0; i < batch.Count; i++)
        {
            reports.Tell(i, batch[i]);
        }

        return null;
    }

    private void TryAbort()
    {
        try
        {
            _producer.AbortTransaction(CommitTimeout);
        }
        catch (KafkaException ex)
        {
            Log.TransactionFailed(_logger, 0, ex.Error.Code, ex.Error.Reason);
        }
    }

    private static FirePublishException Closed() =>
        new("leadership was lost; the term's transaction is aborted", PublishFailureKind.Transient, null);

    private static void FailAll(List<OutgoingFire> batch, Exception failure)
    {
        foreach (var fire in batch)
        {
            fire.Failed(failure);
        }
    }

    /// <summary>The delivery reports of one transaction's fires, told to the fires only once the transaction committed.</summary>
    private sealed class DeliveryReports(int count)
    {
        private readonly DeliveryReport<OutgoingFire, OutgoingFire>?[] _reports = new DeliveryReport<OutgoingFire, OutgoingFire>?[count];
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _missing = count;

        public Task All => _all.Task;

        public void Record(int index, DeliveryReport<OutgoingFire, OutgoingFire> report)
        {
            Volatile.Write(ref _reports[index], report);
            if (Interlocked.Decrement(ref _missing) == 0)
            {
                _all.TrySetResult();
            }
        }

        public void Tell(int index, OutgoingFire fire)
        {
            switch (Volatile.Read(ref _reports[index]))
            {
                case null:
                    fire.Failed(new FirePublishException($"no delivery report within {CommitTimeout.TotalSeconds} s of the commit", PublishFailureKind.Transient, null));
                    break;
                case { Error.IsError: true } failed:
                    fire.Failed(FireRecord.Failure(failed.Error, failed.Topic));
                    break;
                case var delivered:
                    fire.Delivered(new FireReceipt(delivered.Topic, delivered.Partition.Value, delivered.Offset.Value));
                    break;
            }
        }
    }
}
