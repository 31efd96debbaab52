using System.Diagnostics;
using System.Threading.Channels;
using Confluent.Kafka;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Runs;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace KafkaCron.Worker.Outcomes;

/// <summary>
/// The one outcome writer of a worker. Every attempt, run or refused, comes here from the admission stage or a job
/// slot; the recorders say which records it calls for (a retry, a dead letter), they are written through one Polly
/// pipeline with one bounded retry policy, and only then is the message reported finished, so its offset commits
/// after the write. Job slots hand their attempt over and go on: a Kafka outage holds records here, never a slot.
/// Records that outlive the budget are kept and tried again (never lost), their partitions paused through
/// <see cref="WriteStalls"/>; a permanent error stops the worker with the message uncommitted.
/// </summary>
internal sealed class OutcomeWriter
{
    /// <summary>Attempts whose records are being written at once; the producer batches them, so writes overlap.</summary>
    internal const int MaxWritesInFlight = 256;

    private readonly IReadOnlyList<IOutcomeRecorder> _recorders;
    private readonly IRecordSink _sink;
    private readonly WriteRetryBudget _budget;
    private readonly WriteStalls _stalls;
    private readonly KafkaCronMetrics _metrics;
    private readonly string _clientId;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _writes;

    public OutcomeWriter(
        IReadOnlyList<IOutcomeRecorder> recorders,
        IRecordSink sink,
        WriteRetryBudget budget,
        WriteStalls stalls,
        KafkaCronMetrics metrics,
        string clientId,
        TimeProvider time,
        ILogger logger)
    {
        _recorders = recorders;
        _sink = sink;
        _budget = budget;
        _stalls = stalls;
        _metrics = metrics;
        _clientId = clientId;
        _time = time;
        _logger = logger;
        _writes = budget.MaxRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<FirePublishException>(ex => ex.Kind == PublishFailureKind.Transient),
                    MaxRetryAttempts = budget.MaxRetries,
                    Delay = budget.FirstDelay,
                    MaxDelay = budget.MaxDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    OnRetry = args =>
                    {
                        if (args.Outcome.Exception is { } ex && args.Context.Properties.TryGetValue(Target, out var target))
                        {
                            CountError(ex);
                            target.Stall.Enter(ex.Message);
                            OutcomeLog.WriteRetrying(_logger, target.Source, target.Stall.Topic, args.AttemptNumber + 1, args.RetryDelay, ex.Message);
                        }

                        return default;
                    },
                })
                .Build();
    }

    private static ResiliencePropertyKey<(TopicPartitionOffset Source, Stall Stall)> Target { get; } = new("kcron.outcome-target");

    /// <summary>Runs until <paramref name="attempts"/> completes; a failure completes <paramref name="completions"/> with it.</summary>
    /// <param name="abort">Worker shutdown ran out of grace: records not written by then are abandoned (uncommitted).</param>
    public async Task RunAsync(ChannelReader<Attempt> attempts, ChannelWriter<Completion> completions, CancellationToken abort)
    {
        using var room = new SemaphoreSlim(MaxWritesInFlight);
        var writing = new List<Task>();
        try
        {
            // Only the writes heed abort: the channels end when the stages feeding them do, and a write that is
            // abandoned still reports its message so that the consumer thread stops waiting for it.
            while (await attempts.WaitToReadAsync(CancellationToken.None))
            {
                while (attempts.TryRead(out var attempt))
                {
                    var records = _recorders.SelectMany(r => r.RecordsFor(attempt)).ToList();
                    if (records.Count == 0)
                    {
                        await completions.WriteAsync(new Completion(attempt.Message.Lease, attempt.Message.Offset, Finished: true), CancellationToken.None);
                        continue;
                    }

                    await room.WaitAsync(CancellationToken.None);
                    writing.RemoveAll(static w => w.IsCompleted);
                    writing.Add(WriteThenCompleteAsync(attempt, records, completions, room, abort));
                }
            }

            await Task.WhenAll(writing);
        }
        catch (Exception ex)
        {
            completions.TryComplete(ex);
            throw;
        }
    }

    /// <summary>Never throws: a failure completes the completions channel, which stops the pipeline with it.</summary>
    private async Task WriteThenCompleteAsync(
        Attempt attempt, List<OutcomeRecord> records, ChannelWriter<Completion> completions, SemaphoreSlim room, CancellationToken abort)
    {
        try
        {
            var written = true;
            foreach (var record in records)
            {
                if (!await WriteAsync(attempt.Source, record, abort))
                {
                    written = false;
                    break;
                }
            }

            await completions.WriteAsync(new Completion(attempt.Message.Lease, attempt.Message.Offset, written), CancellationToken.None);
        }
        catch (Exception ex)
        {
            completions.TryComplete(ex);
        }
        finally
        {
            room.Release();
        }
    }

    /// <returns>True once acknowledged; false when shutdown ran out of grace first.</returns>
    private async Task<bool> WriteAsync(TopicPartitionOffset source, OutcomeRecord record, CancellationToken abort)
    {
        var stall = new Stall(_stalls, source.TopicPartition, record.Topic);
        var context = ResilienceContextPool.Shared.Get(abort);
        context.Properties.Set(Target, (source, stall));
        try
        {
            while (true)
            {
                try
                {
                    await _writes.ExecuteAsync(
                        static async (ctx, state) => await state.Sink.WriteAsync(state.Record, ctx.CancellationToken),
                        context,
                        (Sink: _sink, Record: record));
                    record.Acknowledged();
                    return true;
                }
                catch (FirePublishException ex) when (ex.Kind == PublishFailureKind.Transient)
                {
                    // The budget is spent and Kafka still refuses: keep the record and go on trying at the longest
                    // back-off; the partition stays paused and nothing after it commits meanwhile.
                    CountError(ex);
                    stall.Enter(ex.Message);
                    await Task.Delay(_budget.MaxDelay, _time, abort);
                }
            }
        }
        catch (FirePublishException ex)
        {
            CountError(ex);
            OutcomeLog.WriteFailed(_logger, source, record.Topic, ex.Kind, ex.Message);
            throw new OutcomeWriteException($"a record of {source} could not be written to {record.Topic}: {ex.Message}", ex);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            stall.Leave();
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private void CountError(Exception ex)
    {
        var code = ex.InnerException is KafkaException kafka ? kafka.Error.Code.ToString() : "unknown";
        _metrics.KafkaClientErrors.Add(1, new TagList
        {
            { MetricTags.Client, _clientId },
            { MetricTags.Code, code },
        });
    }

    /// <summary>One record's part in a stall episode: entered at its first failed try, left once, when it is done.</summary>
    private sealed class Stall(WriteStalls stalls, TopicPartition partition, string topic)
    {
        private bool _entered;

        public string Topic => topic;

        public void Enter(string error)
        {
            if (!_entered)
            {
                _entered = true;
                stalls.Enter(partition, topic, error);
            }
        }

        public void Leave()
        {
            if (_entered)
            {
                _entered = false;
                stalls.Leave(partition);
            }
        }
    }
}
