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

    private readonly IProducer<string, byte[]> _producer;
    private readonly TopicNames _topics;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue;
    private readonly Task _loop;
    private int _abandoned;
    private int _disposed;

    private TransactionalFirePublisher(IProducer<string, byte[]> producer, TopicNames topics, int capacity, ILogger logger)
    {
        _producer = producer;
        _topics = topics;
        _logger = logger;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(capacity) { SingleReader = true });
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>
    /// Creates the producer and initialises its transactions, fencing earlier producers with
    /// <paramref name="transactionalId"/>. Blocks a thread-pool thread for up to <paramref name="timeout"/>.
    /// </summary>
    public static async Task<TransactionalFirePublisher> OpenAsync(
        KafkaClientFactory clients, string transactionalId, int capacity, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var producer = clients.CreateTransactionalProducer("kcron-scheduler", transactionalId);
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

    public async Task<FireReceipt> PublishAsync(FireMessage fire, CancellationToken cancellationToken)
    {
        var pending = new Pending(_topics.Jobs(FireRecord.ClusterOf(fire)), FireRecord.Build(fire));
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new FirePublishException("the term's transactional producer is closed", PublishFailureKind.Fatal, ex);
        }

        return await pending.Done.Task.WaitAsync(cancellationToken);
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
        var batch = new List<Pending>(MaxBatch);
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
    private async Task<Exception?> CommitBatchAsync(List<Pending> batch)
    {
        try
        {
            _producer.BeginTransaction();
            foreach (var pending in batch)
            {
                _producer.Produce(pending.Topic, pending.Message, pending.OnDelivered);
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

        foreach (var pending in batch)
        {
            // Delivery reports arrive on the producer's poll thread; the commit has flushed them already.
            try
            {
                pending.Done.TrySetResult(await pending.Delivered.Task.WaitAsync(CommitTimeout));
            }
            catch (Exception ex) when (ex is FirePublishException or TimeoutException)
            {
                pending.Done.TrySetException(ex);
            }
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

    private static void FailAll(List<Pending> batch, Exception failure)
    {
        foreach (var pending in batch)
        {
            pending.Done.TrySetException(failure);
        }
    }

    private sealed class Pending(string topic, Message<string, byte[]> message)
    {
        public string Topic { get; } = topic;

        public Message<string, byte[]> Message { get; } = message;

        public TaskCompletionSource<FireReceipt> Delivered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<FireReceipt> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnDelivered(DeliveryReport<string, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Delivered.TrySetException(FireRecord.Failure(report.Error, report.Topic));
            }
            else
            {
                Delivered.TrySetResult(FireRecord.Receipt(report.TopicPartitionOffset));
            }
        }
    }
}
