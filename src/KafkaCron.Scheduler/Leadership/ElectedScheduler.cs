using KafkaCron.Core.Leadership;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Scheduler.Engine;
using KafkaCron.Scheduler.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.Scheduler.Leadership;

/// <summary>
/// One replica of a highly available scheduler: campaigns for leadership, and for each term won, resumes the
/// schedule from the checkpoint (plus what was published after it, read back from Kafka), runs the engine with the
/// term's epoch until the term is lost or the host stops, checkpointing as it goes, then campaigns again. While
/// standby it keeps the job file loaded and its schedules built (the engine does), so a takeover only reads the
/// checkpoint and places the jobs. See docs/leader-election.md and docs/scheduler.md.
/// </summary>
internal sealed class ElectedScheduler : ISchedulerRunner
{
    private static readonly TimeSpan StandbyCheckpointPoll = TimeSpan.FromSeconds(5);

    private readonly SchedulerEngine _engine;
    private readonly ILeaderElector _elector;
    private readonly IScheduleCheckpointStore _store;
    private readonly ITermPublisherFactory _publishers;
    private readonly IPublishedFireReader _reader;
    private readonly TimeProvider _time;
    private readonly KafkaCronMetrics _metrics;
    private readonly SchedulerOptions _options;
    private readonly ILogger<ElectedScheduler> _logger;
    private long _checkpointWrittenAtTicks;
    private int _leading;

    public ElectedScheduler(
        SchedulerEngine engine,
        ILeaderElector elector,
        IScheduleCheckpointStore store,
        ITermPublisherFactory publishers,
        IPublishedFireReader reader,
        TimeProvider time,
        KafkaCronMetrics metrics,
        IOptions<SchedulerOptions> options,
        ILogger<ElectedScheduler> logger)
    {
        _engine = engine;
        _elector = elector;
        _store = store;
        _publishers = publishers;
        _reader = reader;
        _time = time;
        _metrics = metrics;
        _options = options.Value;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        _metrics.SchedulerLeader.Record(0);
        using var ageReport = _time.CreateTimer(_ => ReportCheckpointAge(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var standbyPoll = PollCheckpointWhileStandbyAsync(stopping);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                ILeadership term;
                try
                {
                    term = await _elector.AcquireAsync(stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }

                await using (term)
                {
                    await LeadAsync(term, stopping);
                }
            }
        }
        finally
        {
            await standbyPoll;
        }
    }

    /// <summary>One term, from election to loss (or shutdown). Returns when the term is over; disposing the term resigns.</summary>
    private async Task LeadAsync(ILeadership term, CancellationToken stopping)
    {
        _metrics.SchedulerEpoch.Record(term.Epoch);
        Log.Elected(_logger, term.ReplicaId, term.Epoch);
        using var lead = CancellationTokenSource.CreateLinkedTokenSource(stopping, term.Lost);
        try
        {
            var start = await PrepareAsync(term, lead.Token);
            await using var publisher = start.Publisher;
            await using var writer = new CheckpointWriter(_store, term, _time, _options.CheckpointInterval,
                written => Volatile.Write(ref _checkpointWrittenAtTicks, written.WrittenAt.UtcTicks),
                () => lead.Cancel(), _logger);
            Volatile.Write(ref _leading, 1);
            _metrics.SchedulerLeader.Record(1);
            try
            {
                await _engine.RunAsync(new SchedulerTerm
                {
                    Epoch = term.Epoch,
                    Publisher = publisher,
                    Resume = start.Resume,
                    MayPublish = term.ConfirmHeld,
                    TopicEnds = start.TopicEnds,
                    Checkpoint = writer.Offer,
                    CheckpointInterval = _options.CheckpointInterval,
                }, lead.Token);
            }
            finally
            {
                _metrics.SchedulerLeader.Record(0);
                Volatile.Write(ref _leading, 0);
                if (term.Lost.IsCancellationRequested)
                {
                    publisher.Abandon();
                }

                await writer.CompleteAsync(_options.CheckpointInterval * 5);
            }
        }
        catch (OperationCanceledException) when (lead.IsCancellationRequested)
        {
            // The term ended; why is logged below.
        }
        catch (FirePublishException ex) when (ex.Kind == PublishFailureKind.Fatal)
        {
            // The term's producer is unusable (fenced by a newer term, or broken): resign so that another replica,
            // or this one with a new producer, continues.
            Log.TermEndedByPublisher(_logger, term.Epoch, ex);
        }

        if (term.LostReason is null && stopping.IsCancellationRequested)
        {
            Log.TermEndedAtStop(_logger, term.Epoch);
        }
        else
        {
            Log.TermEnded(_logger, term.Epoch, term.LostReason ?? "its producer is unusable");
        }
    }

    /// <summary>
    /// Everything a term needs before its first fire, retried while the term holds: the checkpoint (a refused one
    /// keeps this replica from publishing until it is fixed), a producer for the term (for the transactional one
    /// this fences earlier terms, so it comes before the read-back), and the read-back of fires published after
    /// the checkpoint.
    /// </summary>
    private async Task<TermStart> PrepareAsync(ILeadership term, CancellationToken lead)
    {
        while (true)
        {
            ScheduleCheckpoint? checkpoint;
            try
            {
                checkpoint = await _store.ReadAsync(lead);
            }
            catch (CheckpointRejectedException ex)
            {
                Log.CheckpointRefused(_logger, term.Epoch, ex.Message, _options.CheckpointRefusedRetry.TotalSeconds);
                await Task.Delay(_options.CheckpointRefusedRetry, _time, lead);
                continue;
            }
#pragma warning disable CA1031 // Logged and retried while the term holds; the term's loss ends the wait.
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await RetryLaterAsync(term, "read the checkpoint", ex, lead);
                continue;
            }

            if (checkpoint is not null)
            {
                Volatile.Write(ref _checkpointWrittenAtTicks, checkpoint.WrittenAt.UtcTicks);
            }

            ITermPublisher publisher;
            try
            {
                publisher = await _publishers.OpenAsync(lead);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await RetryLaterAsync(term, "open the producer", ex, lead);
                continue;
            }

            PublishedFires published;
            try
            {
                published = await _reader.ReadAsync(_engine.Clusters, checkpoint?.ReadBackFrom ?? [], lead);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await publisher.DisposeAsync();
                await RetryLaterAsync(term, "read back the jobs topics", ex, lead);
                continue;
            }
#pragma warning restore CA1031
            catch (OperationCanceledException)
            {
                publisher.Abandon();
                await publisher.DisposeAsync();
                throw;
            }

            var now = _time.GetUtcNow();
            if (checkpoint is null)
            {
                Log.FirstStart(_logger, term.Epoch);
                return new TermStart(publisher, ResumePoint.Fresh(now), published.Ends);
            }

            Log.Resuming(_logger, term.Epoch, checkpoint.Epoch, checkpoint.ScheduledUpTo, published.Count, published.LatestPerJob.Count);
            return new TermStart(publisher, ResumePoint.From(checkpoint, published.LatestPerJob), published.Ends);
        }
    }

    private async Task RetryLaterAsync(ILeadership term, string step, Exception failure, CancellationToken lead)
    {
        Log.TermNotReady(_logger, term.Epoch, step, _options.CheckpointRefusedRetry.TotalSeconds, failure);
        await Task.Delay(_options.CheckpointRefusedRetry, _time, lead);
    }

    /// <summary>A standby reads the checkpoint now and then, so that every replica reports its age.</summary>
    private async Task PollCheckpointWhileStandbyAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await Task.Delay(StandbyCheckpointPoll, _time, stopping);
                if (Volatile.Read(ref _leading) == 1)
                {
                    continue;
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                timeout.CancelAfter(StandbyCheckpointPoll);
                try
                {
                    if (await _store.ReadAsync(timeout.Token) is { } checkpoint)
                    {
                        Volatile.Write(ref _checkpointWrittenAtTicks, checkpoint.WrittenAt.UtcTicks);
                    }
                }
#pragma warning disable CA1031 // Only the age metric depends on it; the reason is logged at debug level.
                catch (Exception ex) when (!stopping.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    Log.StandbyCheckpointUnreadable(_logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void ReportCheckpointAge()
    {
        var ticks = Volatile.Read(ref _checkpointWrittenAtTicks);
        if (ticks != 0)
        {
            var age = _time.GetUtcNow() - new DateTimeOffset(ticks, TimeSpan.Zero);
            _metrics.CheckpointAge.Record(Math.Max(0, age.TotalSeconds));
        }
    }

    private sealed record TermStart(ITermPublisher Publisher, ResumePoint Resume, IReadOnlyList<TopicPartitionPosition> TopicEnds);
}
