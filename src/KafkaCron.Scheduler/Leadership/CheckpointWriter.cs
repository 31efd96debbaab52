using System.Threading.Channels;
using KafkaCron.Core.Leadership;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Scheduler.Leadership;

/// <summary>
/// Writes one term's checkpoints to the store off the engine's loop: the loop offers the latest checkpoint and
/// never waits; a write in progress is followed by the newest one offered meanwhile, older ones are skipped. A
/// write the store refuses because the term ended (<see cref="LeadershipLostException"/>) ends the term; a checkpoint
/// too large to store (<see cref="CheckpointTooLargeException"/>) is skipped, said once per episode, as the next
/// capture is the one to try; any other failure (ZooKeeper unreachable: the outcome is unknown) is logged and the
/// write is tried again.
/// </summary>
internal sealed class CheckpointWriter : IAsyncDisposable
{
    private readonly IScheduleCheckpointStore _store;
    private readonly ILeadership _term;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryDelay;
    private readonly Action<ScheduleCheckpoint> _written;
    private readonly Action _termEnded;
    private readonly ILogger _logger;
    private readonly Channel<bool> _offered = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private ScheduleCheckpoint? _latest;

    // Owned by the writing loop: checkpoints skipped as too large since the last one written.
    private int _tooLarge;

    public CheckpointWriter(
        IScheduleCheckpointStore store, ILeadership term, TimeProvider time, TimeSpan retryDelay,
        Action<ScheduleCheckpoint> written, Action termEnded, ILogger logger)
    {
        _store = store;
        _term = term;
        _time = time;
        _retryDelay = retryDelay;
        _written = written;
        _termEnded = termEnded;
        _logger = logger;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>Thread-safe and never blocks: replaces any checkpoint not yet written.</summary>
    public void Offer(ScheduleCheckpoint checkpoint)
    {
        Interlocked.Exchange(ref _latest, checkpoint);
        _offered.Writer.TryWrite(true);
    }

    /// <summary>
    /// Writes what is still offered, while the term holds, within <paramref name="timeout"/>, then stops. The last
    /// checkpoint of a term that ends on request is what its successor resumes from.
    /// </summary>
    public async Task CompleteAsync(TimeSpan timeout)
    {
        _offered.Writer.TryComplete();
        using var deadline = new CancellationTokenSource(timeout, _time);
        await using (deadline.Token.Register(_stop.Cancel))
        {
            await _loop;
        }
    }

    /// <summary>Stops at once, writing nothing more.</summary>
    public async ValueTask DisposeAsync()
    {
        _offered.Writer.TryComplete();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        try
        {
            while (await _offered.Reader.WaitToReadAsync(stop) || Volatile.Read(ref _latest) is not null)
            {
                _offered.Reader.TryRead(out _);
                var checkpoint = Interlocked.Exchange(ref _latest, null);
                if (checkpoint is null || _term.Lost.IsCancellationRequested)
                {
                    continue;
                }

                if (!await TryWriteAsync(checkpoint, stop))
                {
                    // Keep it for the next attempt, unless a newer one was offered meanwhile.
                    Interlocked.CompareExchange(ref _latest, checkpoint, null);
                    _offered.Writer.TryWrite(true);
                    await Task.Delay(_retryDelay, _time, stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: a checkpoint not written now is covered by the read-back of the next leader.
        }
    }

    private async Task<bool> TryWriteAsync(ScheduleCheckpoint checkpoint, CancellationToken stop)
    {
        try
        {
            using var held = CancellationTokenSource.CreateLinkedTokenSource(stop, _term.Lost);
            await _store.WriteAsync(_term, checkpoint, held.Token);
            if (_tooLarge > 0)
            {
                Log.CheckpointWrittenAgain(_logger, _term.Epoch, _tooLarge);
                _tooLarge = 0;
            }

            _written(checkpoint);
            return true;
        }
        catch (CheckpointTooLargeException ex)
        {
            if (_tooLarge++ == 0)
            {
                Log.CheckpointTooLarge(_logger, _term.Epoch, ex.Message);
            }

            return true;
        }
        catch (LeadershipLostException ex)
        {
            Log.CheckpointFenced(_logger, _term.Epoch, ex.Message);
            _termEnded();
            return true;
        }
        catch (OperationCanceledException) when (_term.Lost.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            return true;
        }
#pragma warning disable CA1031 // Logged and retried: the outcome of a write over a broken connection is unknown.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.CheckpointWriteFailed(_logger, _term.Epoch, ex.Message, _retryDelay.TotalMilliseconds);
            return false;
        }
    }
}
