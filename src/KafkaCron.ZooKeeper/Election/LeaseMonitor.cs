namespace KafkaCron.ZooKeeper.Election;

/// <summary>
/// Calls <c>expired</c> once, as soon as the latest proof that the session was alive is older than the bound.
/// Proofs are timestamps of the monotonic clock (<see cref="TimeProvider.GetTimestamp"/>), never wall time, so a
/// stepped system clock cannot stretch or shrink the lease. docs/leader-election.md has the timing argument.
/// </summary>
internal sealed class LeaseMonitor : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Func<long> _lastProof;
    private readonly TimeSpan _bound;
    private readonly Action<TimeSpan> _expired;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private bool _done;

    public LeaseMonitor(TimeProvider time, Func<long> lastProof, TimeSpan bound, Action<TimeSpan> expired)
    {
        _time = time;
        _lastProof = lastProof;
        _bound = bound;
        _expired = expired;
        _timer = time.CreateTimer(_ => Check(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Check();
    }

    /// <summary>
    /// Checks the proof now rather than when the timer next runs, which may be late (a paused process resumes with
    /// its timers overdue). Returns false, after calling <c>expired</c> if nobody has yet, once the proof is too old.
    /// </summary>
    public bool Holds()
    {
        Check();
        lock (_lock)
        {
            return !_done;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _done = true;
        }

        _timer.Dispose();
    }

    private void Check()
    {
        TimeSpan silent;
        lock (_lock)
        {
            if (_done)
            {
                return;
            }

            silent = _time.GetElapsedTime(_lastProof());
            if (silent < _bound)
            {
                // Wake when the current proof would run out; a newer proof by then just moves the next wake-up.
                _timer.Change(_bound - silent, Timeout.InfiniteTimeSpan);
                return;
            }

            _done = true;
        }

        _expired(silent);
    }
}
