using System.Threading.Channels;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Worker.Outcomes;
using KafkaCron.Worker.Overlap;
using KafkaCron.Worker.Retry;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Pipeline;

/// <summary>
/// The consumer thread. It alone touches the Confluent consumer (which is not thread-safe) and the offset trackers:
/// it fetches and decodes each message once while jobs run (so max.poll.interval.ms never lapses), pauses and
/// resumes on backpressure, on retries not yet due and on outcome writes that Kafka refuses, takes completions back,
/// commits finished prefixes, handles rebalances and drives shutdown.
/// </summary>
internal sealed class ConsumerStage : IDisposable
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    private readonly IConsumer<string, byte[]> _consumer;
    private readonly IReadOnlyDictionary<string, FireQueue> _queues;
    private readonly Dictionary<TopicPartition, PartitionLease> _leases = [];
    private readonly ChannelWriter<FetchedMessage> _fetched;
    private readonly ChannelReader<Completion> _completions;
    private readonly PipelineSignals _signals;
    private readonly Backpressure _backpressure;
    private readonly WorkerOptions _options;
    private readonly WorkerTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NotBeforeGate? _notBefore;
    private readonly RunningJobs _running;
    private readonly WriteStalls _stalls;
    private readonly HashSet<TopicPartition> _stallPaused = [];
    private int _unfinished;
    private bool _assignmentChanged;
    private bool _draining;
    private long _lastCommit;

    public ConsumerStage(
        ConsumerBuilder<string, byte[]> builder,
        IReadOnlyDictionary<string, FireQueue> queues,
        ChannelWriter<FetchedMessage> fetched,
        ChannelReader<Completion> completions,
        PipelineSignals signals,
        Backpressure backpressure,
        WorkerOptions options,
        WorkerTelemetry telemetry,
        TimeProvider time,
        ILogger logger,
        RunningJobs running,
        WriteStalls stalls)
    {
        _running = running;
        _stalls = stalls;
        _queues = queues;
        _fetched = fetched;
        _completions = completions;
        _signals = signals;
        _backpressure = backpressure;
        _options = options;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
        // Only retries carry a not-before time; first-time runs are never held.
        _notBefore = queues.Values.Contains(FireQueue.Retry) ? new NotBeforeGate() : null;
        _consumer = builder
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions))
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions))
            .Build();
    }

    /// <summary>Messages fetched and not yet finished or abandoned.</summary>
    internal int Unfinished => _unfinished;

    /// <summary>Blocks the calling (dedicated) thread until shutdown completes or the pipeline fails.</summary>
    public void Run(CancellationToken stopping)
    {
        try
        {
            _consumer.Subscribe(_queues.Keys);
            _lastCommit = _time.GetTimestamp();
            long? drainStarted = null;
            long? killedAt = null;
            while (true)
            {
                TakeCompletions();
                if (stopping.IsCancellationRequested && drainStarted is null)
                {
                    drainStarted = _time.GetTimestamp();
                    BeginDraining();
                }

                if (drainStarted is { } since)
                {
                    if (_unfinished == 0)
                    {
                        break;
                    }

                    if (killedAt is null && _time.GetElapsedTime(since) >= _options.ShutdownGrace)
                    {
                        WorkerLog.GraceOver(_logger, _options.ShutdownGrace, _unfinished);
                        killedAt = _time.GetTimestamp();
                        _signals.Kill();
                    }

                    // Killing takes at most two kill graces (SIGTERM, then SIGKILL); past that something is stuck.
                    if (killedAt is { } kill && _time.GetElapsedTime(kill) >= 2 * _options.KillGrace + TimeSpan.FromSeconds(10))
                    {
                        WorkerLog.GaveUpWaiting(_logger, _unfinished);
                        break;
                    }
                }
                else
                {
                    ApplyBackpressure();
                }

                SyncPauses();
                SyncStalls();
                ReleaseDueRetries();
                CommitFinished(force: false);
                Fetch();
            }

            _fetched.TryComplete();
            TakeCompletions();
            CommitFinished(force: true);
            // Leaves the group at once, so the partitions move without waiting for the session timeout.
            _consumer.Close();
            WorkerLog.Stopped(_logger);
        }
        catch (Exception ex)
        {
            _fetched.TryComplete(ex);
            _signals.Kill();
            throw;
        }
    }

    public void Dispose() => _consumer.Dispose();

    private void Fetch()
    {
        ConsumeResult<string, byte[]>? result;
        try
        {
            result = _consumer.Consume(PollTimeout);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            WorkerLog.ConsumeError(_logger, ex.Error.Reason);
            return;
        }

        if (result is null || result.IsPartitionEOF)
        {
            return;
        }

        if (!_leases.TryGetValue(result.TopicPartition, out var lease))
        {
            // Fetched just before the partition moved: the new owner reads it again.
            return;
        }

        var offset = result.Offset.Value;
        if (lease.SoughtBackTo is { } soughtBack && offset != soughtBack)
        {
            return;
        }

        if (_draining || !_backpressure.HasRoom(_unfinished))
        {
            // No room (a message fetched before the pause took hold): read it again after resuming.
            _consumer.Seek(result.TopicPartitionOffset);
            lease.SoughtBackTo = offset;
            return;
        }

        // Decoded here, once: the not-before hold, admission and the run all use this result.
        var decoded = FetchedMessage.Decode(result.Message.Value, _options.Cluster);
        if (HoldIfNotDue(result, lease, decoded))
        {
            return;
        }

        lease.SoughtBackTo = null;
        lease.Tracker.Fetched(offset);
        _unfinished++;
        _telemetry.Held(1);
        var message = new FetchedMessage(result.TopicPartitionOffset, result.Message.Key, result.Message.Value, decoded, lease,
            _queues[result.Topic], _time.GetUtcNow());
        if (!_fetched.TryWrite(message))
        {
            throw new InvalidOperationException(
                "the fetched-message channel refused a message although the pipeline had room: capacity accounting is broken");
        }
    }

    /// <summary>
    /// A retry that is not due yet pauses its partition and is read again once due, so it neither runs early nor
    /// blocks other partitions, and the paused partition is not fetched in between.
    /// </summary>
    private bool HoldIfNotDue(ConsumeResult<string, byte[]> result, PartitionLease lease, DecodeResult decoded)
    {
        if (_notBefore is null)
        {
            return false;
        }

        // An undecodable record is not held: it is dead-lettered.
        var now = _time.GetUtcNow();
        if (!decoded.IsSuccess || !_notBefore.TryHold(result.TopicPartition, decoded.Fire.NotBefore, now))
        {
            return false;
        }

        _consumer.Pause([result.TopicPartition]);
        _consumer.Seek(result.TopicPartitionOffset);
        lease.SoughtBackTo = result.Offset.Value;
        RetryLog.Holding(_logger, result.TopicPartitionOffset, decoded.Fire.Job, decoded.Fire.FireId,
            decoded.Fire.NotBefore!.Value, decoded.Fire.NotBefore.Value - now);
        return true;
    }

    private void ReleaseDueRetries()
    {
        if (_notBefore is null)
        {
            return;
        }

        foreach (var partition in _notBefore.Release(_time.GetUtcNow()))
        {
            // While fetching is paused as a whole, the resume that ends that pause takes this partition along.
            if (_leases.ContainsKey(partition) && MayFetch(partition))
            {
                RetryLog.Due(_logger, partition);
                _consumer.Resume([partition]);
            }
        }
    }

    private void TakeCompletions()
    {
        while (_completions.TryRead(out var completion))
        {
            _unfinished--;
            _telemetry.Held(-1);
            if (completion.Finished
                && _leases.TryGetValue(completion.Lease.Partition, out var current)
                && ReferenceEquals(current, completion.Lease))
            {
                current.Tracker.Completed(completion.Offset);
            }
        }

        // A job slot failed: rethrow its exception here so the whole pipeline stops with it.
        if (_completions.Completion.IsFaulted)
        {
            _completions.Completion.GetAwaiter().GetResult();
        }
    }

    private void ApplyBackpressure()
    {
        switch (_backpressure.Update(_unfinished))
        {
            case BackpressureChange.Pause:
                WorkerLog.Paused(_logger, _unfinished);
                _consumer.Pause(_consumer.Assignment);
                break;
            case BackpressureChange.Resume:
                WorkerLog.Resumed(_logger, _unfinished);
                _consumer.Resume(_consumer.Assignment.Where(MayFetch).ToList());
                break;
            case BackpressureChange.None:
                break;
        }
    }

    /// <summary>Partitions assigned while fetching is paused are paused too.</summary>
    private void SyncPauses()
    {
        if (_assignmentChanged)
        {
            _assignmentChanged = false;
            if (_draining || _backpressure.Paused)
            {
                _consumer.Pause(_consumer.Assignment);
            }
        }
    }

    /// <summary>
    /// Partitions whose outcome records Kafka refuses stay paused until the records are written: nothing after them
    /// could commit meanwhile, so fetching more would only fill the pipeline.
    /// </summary>
    private void SyncStalls()
    {
        var stalled = _stalls.Partitions();
        if (stalled.Count == 0 && _stallPaused.Count == 0)
        {
            return;
        }

        foreach (var partition in stalled)
        {
            if (_leases.ContainsKey(partition) && _stallPaused.Add(partition))
            {
                _consumer.Pause([partition]);
            }
        }

        foreach (var partition in _stallPaused.Where(p => !stalled.Contains(p)).ToList())
        {
            _stallPaused.Remove(partition);
            if (_leases.ContainsKey(partition) && MayFetch(partition))
            {
                _consumer.Resume([partition]);
            }
        }
    }

    /// <summary>Whether nothing holds the partition paused: shutdown, backpressure, a retry not due, a stalled write.</summary>
    private bool MayFetch(TopicPartition partition) =>
        !_draining && !_backpressure.Paused && _notBefore?.IsHeld(partition) != true && !_stallPaused.Contains(partition);

    private void BeginDraining()
    {
        _draining = true;
        _signals.BeginDraining();
        _consumer.Pause(_consumer.Assignment);
        WorkerLog.Draining(_logger, _options.ShutdownGrace, _unfinished);
    }

    private void CommitFinished(bool force)
    {
        if (!force && _time.GetElapsedTime(_lastCommit) < _options.CommitInterval)
        {
            return;
        }

        _lastCommit = _time.GetTimestamp();
        Commit(_leases.Values);
    }

    /// <returns>The offsets committed, for the log.</returns>
    private string Commit(IEnumerable<PartitionLease> leases)
    {
        var pending = new List<(PartitionLease Lease, TopicPartitionOffset Offset)>();
        foreach (var lease in leases)
        {
            if (lease.Tracker.PendingCommit is { } offset)
            {
                pending.Add((lease, new TopicPartitionOffset(lease.Partition, offset)));
            }
        }

        if (pending.Count == 0)
        {
            return "nothing new";
        }

        var described = string.Join(", ", pending.Select(p => p.Offset.ToString()));
        try
        {
            _consumer.Commit(pending.Select(p => p.Offset));
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            // The offsets stay pending and go with the next commit; at worst the group runs them again.
            WorkerLog.CommitFailed(_logger, described, ex.Error.Reason);
            return "nothing (commit failed)";
        }

        foreach (var (lease, offset) in pending)
        {
            lease.Tracker.MarkCommitted(offset.Offset.Value);
        }

        WorkerLog.Committed(_logger, described);
        return described;
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _leases[partition] = new PartitionLease(partition);
        }

        _assignmentChanged = true;
        WorkerLog.Assigned(_logger, partitions);
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        TakeCompletions();
        foreach (var partition in partitions)
        {
            if (!_leases.Remove(partition.TopicPartition, out var lease))
            {
                continue;
            }

            var committed = Commit([lease]);
            lease.Revoke();
            _notBefore?.Forget(partition.TopicPartition);
            _stallPaused.Remove(partition.TopicPartition);
            StopRunsThatMustNotOverlap(lease);
            WorkerLog.Revoked(_logger, partition.TopicPartition, committed, lease.Tracker.Unfinished);
        }
    }

    /// <summary>
    /// Runs of forbid/replace jobs end before the revoke returns, so the next owner, which starts only after it,
    /// never runs the job alongside them. They stay uncommitted and the new owner runs those fires again.
    /// </summary>
    private void StopRunsThatMustNotOverlap(PartitionLease lease)
    {
        var runs = _running.StopOnRevoke(lease);
        if (runs.Count == 0)
        {
            return;
        }

        foreach (var run in runs)
        {
            run.Revoke();
        }

        var within = (2 * _options.KillGrace) + TimeSpan.FromSeconds(5);
        if (!Task.WaitAll([.. runs.Select(r => r.Ended)], within))
        {
            OverlapLog.RevokeStopTimedOut(_logger, lease.Partition, within);
        }
    }

    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        foreach (var partition in partitions)
        {
            if (_leases.Remove(partition.TopicPartition, out var lease))
            {
                lease.Revoke();
            }

            _notBefore?.Forget(partition.TopicPartition);
            _stallPaused.Remove(partition.TopicPartition);
        }

        WorkerLog.Lost(_logger, partitions);
    }
}
