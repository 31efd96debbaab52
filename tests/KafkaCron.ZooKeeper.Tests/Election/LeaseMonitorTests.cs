using KafkaCron.ZooKeeper.Election;
using Microsoft.Extensions.Time.Testing;

namespace KafkaCron.ZooKeeper.Tests.Election;

public sealed class LeaseMonitorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(1333);

    private readonly FakeTimeProvider _time = new();
    private readonly List<TimeSpan> _expiries = [];
    private long _proof;

    public LeaseMonitorTests() => _proof = _time.GetTimestamp();

    [Fact]
    public void Check_ProofOlderThanBound_ExpiresOnceWithTheSilence()
    {
        using var monitor = Start();

        _time.Advance(Bound - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_expiries);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _time.Advance(Bound * 3);

        Assert.Equal([Bound], _expiries);
    }

    [Fact]
    public void Check_FreshProofsKeepArriving_NeverExpires()
    {
        using var monitor = Start();

        for (var i = 0; i < 30; i++)
        {
            _time.Advance(Bound / 2);
            _proof = _time.GetTimestamp();
        }

        Assert.Empty(_expiries);
    }

    [Fact]
    public void Check_ProofRenewedThenSilent_ExpiresBoundAfterTheLastProof()
    {
        using var monitor = Start();
        _time.Advance(Bound / 2);
        _proof = _time.GetTimestamp();

        _time.Advance(Bound - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_expiries);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([Bound], _expiries);
    }

    [Fact]
    public void Check_AlreadyStaleAtStart_ExpiresImmediately()
    {
        _time.Advance(Bound * 2);

        using var monitor = Start();

        Assert.Equal([Bound * 2], _expiries);
    }

    [Fact]
    public void Dispose_BeforeExpiry_NeverExpires()
    {
        var monitor = Start();

        monitor.Dispose();
        _time.Advance(Bound * 2);

        Assert.Empty(_expiries);
    }

    [Fact]
    public void Holds_ProofFresh_IsTrue()
    {
        using var monitor = Start();
        _time.Advance(Bound / 2);

        Assert.True(monitor.Holds());
        Assert.Empty(_expiries);
    }

    [Fact]
    public void Holds_ClockPassedTheBoundBeforeTheTimerRan_IsFalseAndExpiresAtOnce()
    {
        // A process paused past the bound: on resuming, its monotonic clock has moved but no timer has run yet.
        var clock = new ResumedClock();
        var lastProof = clock.GetTimestamp();
        using var monitor = new LeaseMonitor(clock, () => lastProof, Bound, _expiries.Add);

        clock.Jump(Bound * 3);

        Assert.False(monitor.Holds());
        Assert.Equal([Bound * 3], _expiries);
        Assert.False(monitor.Holds());
        Assert.Single(_expiries);
    }

    private LeaseMonitor Start() => new(_time, () => _proof, Bound, _expiries.Add);

    /// <summary>A monotonic clock that can jump while its timers, which never fire, lag behind.</summary>
    private sealed class ResumedClock : TimeProvider
    {
        private readonly FakeTimeProvider _timers = new();
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            _timers.CreateTimer(callback, state, dueTime, period);

        public void Jump(TimeSpan by) => _ticks += by.Ticks;
    }
}
