using Confluent.Kafka;
using KafkaCron.Worker.Retry;
using Microsoft.Extensions.Time.Testing;

namespace KafkaCron.Worker.Tests.Retry;

public sealed class NotBeforeGateTests
{
    private static readonly TopicPartition P0 = new("kcron.retry.c1", 0);
    private static readonly TopicPartition P1 = new("kcron.retry.c1", 1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly NotBeforeGate _gate = new();

    [Fact]
    public void TryHold_NoNotBefore_DoesNotHold()
    {
        Assert.False(_gate.TryHold(P0, null, _time.GetUtcNow()));
        Assert.False(_gate.IsHeld(P0));
    }

    [Fact]
    public void TryHold_NotBeforeReached_DoesNotHold()
    {
        Assert.False(_gate.TryHold(P0, _time.GetUtcNow(), _time.GetUtcNow()));
        Assert.False(_gate.TryHold(P0, _time.GetUtcNow().AddSeconds(-5), _time.GetUtcNow()));
    }

    [Fact]
    public void Release_BeforeDue_KeepsThePartitionHeldAndNeverEarly()
    {
        var due = _time.GetUtcNow().AddSeconds(30);
        Assert.True(_gate.TryHold(P0, due, _time.GetUtcNow()));

        _time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));

        Assert.Empty(_gate.Release(_time.GetUtcNow()));
        Assert.True(_gate.IsHeld(P0));
        Assert.Equal(due, _gate.NextDue);
    }

    [Fact]
    public void Release_AtDue_ReleasesOnlyThatPartitionOnce()
    {
        var now = _time.GetUtcNow();
        _gate.TryHold(P0, now.AddSeconds(10), now);
        _gate.TryHold(P1, now.AddSeconds(60), now);

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([P0], _gate.Release(_time.GetUtcNow()));
        Assert.Empty(_gate.Release(_time.GetUtcNow()));
        Assert.False(_gate.IsHeld(P0));
        Assert.True(_gate.IsHeld(P1));
        Assert.Equal(now.AddSeconds(60), _gate.NextDue);
    }

    [Fact]
    public void TryHold_ReadAgainWhenDue_RunsIt()
    {
        var now = _time.GetUtcNow();
        var due = now.AddSeconds(10);
        _gate.TryHold(P0, due, now);
        _time.Advance(TimeSpan.FromSeconds(10));
        _gate.Release(_time.GetUtcNow());

        Assert.False(_gate.TryHold(P0, due, _time.GetUtcNow()));
    }

    [Fact]
    public void Forget_RevokedPartition_IsNoLongerHeld()
    {
        _gate.TryHold(P0, _time.GetUtcNow().AddHours(1), _time.GetUtcNow());

        _gate.Forget(P0);

        Assert.Equal(0, _gate.HeldCount);
        Assert.Null(_gate.NextDue);
    }
}
