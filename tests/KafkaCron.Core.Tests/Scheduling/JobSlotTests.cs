using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Core.Tests.Scheduling;

public sealed class JobSlotTests
{
    private static readonly JobDefinition Job = new() { Name = "j", Schedule = "@hourly", Cluster = "c1", Command = "true" };

    [Fact]
    public void NewSlot_HasNoInstantsNoFireIdAndIsNotQueued()
    {
        var slot = NewSlot();

        Assert.Null(slot.LastFired);
        Assert.Null(slot.Next);
        Assert.Null(slot.Withheld);
        Assert.Null(slot.FireId);
        Assert.Equal(DateTimeOffset.MaxValue, slot.WakeAt);
        Assert.False(slot.IsQueued);
    }

    [Fact]
    public void Instants_SetInAnyOffset_ReadBackAsTheSameInstantInUtc()
    {
        var berlin = new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)).AddTicks(7);
        var slot = NewSlot();

        slot.LastFired = berlin;
        slot.Next = berlin.AddHours(1);
        slot.WakeAt = berlin.AddHours(2);
        slot.Withheld = berlin.AddHours(3);

        Assert.Equal((berlin, TimeSpan.Zero), (slot.LastFired!.Value, slot.LastFired.Value.Offset));
        Assert.Equal((berlin.AddHours(1), TimeSpan.Zero), (slot.Next!.Value, slot.Next.Value.Offset));
        Assert.Equal((berlin.AddHours(2), TimeSpan.Zero), (slot.WakeAt, slot.WakeAt.Offset));
        Assert.Equal(berlin.AddHours(2).UtcTicks, slot.WakeAtTicks);
        Assert.Equal((berlin.AddHours(3), TimeSpan.Zero), (slot.Withheld!.Value, slot.Withheld.Value.Offset));
    }

    [Fact]
    public void Instants_TheEarliestRepresentable_AreKeptNotMistakenForNone()
    {
        var slot = NewSlot();

        slot.Next = DateTimeOffset.MinValue;
        slot.LastFired = DateTimeOffset.MinValue;

        Assert.Equal(DateTimeOffset.MinValue, slot.Next);
        Assert.Equal(DateTimeOffset.MinValue, slot.LastFired);
        Assert.True(slot.IsQueued);
    }

    [Fact]
    public void Instants_SetToNull_ReadBackAsNone()
    {
        var slot = NewSlot();
        slot.LastFired = DateTimeOffset.UnixEpoch;
        slot.Withheld = DateTimeOffset.UnixEpoch;

        slot.LastFired = null;
        slot.Withheld = null;

        Assert.Null(slot.LastFired);
        Assert.Null(slot.Withheld);
    }

    [Fact]
    public void FireId_MintedThenCleared_ReadsBackEachTime()
    {
        var slot = NewSlot();
        var id = FireIds.NewVersion7(DateTimeOffset.UnixEpoch);

        slot.FireId = id;
        var minted = slot.FireId;
        slot.FireId = null;

        Assert.Equal(id, minted);
        Assert.Null(slot.FireId);
    }

    [Fact]
    public void MoveTo_AnInstantAfterAFailedFire_QueuesItFresh()
    {
        var slot = NewSlot();
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5));
        slot.FireId = Guid.CreateVersion7();
        slot.Deferrals = 2;

        slot.MoveTo(at);

        Assert.Equal(at, slot.Next);
        Assert.Equal(at, slot.WakeAt);
        Assert.Null(slot.FireId);
        Assert.Equal(0, slot.Deferrals);
        Assert.True(slot.IsQueued);
    }

    [Fact]
    public void MoveTo_None_LeavesTheSlotOutOfTheQueue()
    {
        var slot = NewSlot();
        slot.MoveTo(DateTimeOffset.UnixEpoch);

        slot.MoveTo(null);

        Assert.Null(slot.Next);
        Assert.Equal(DateTimeOffset.MaxValue, slot.WakeAt);
        Assert.False(slot.IsQueued);
    }

    private static JobSlot NewSlot() => new(Job, new NeverFires(), order: 0);

    private sealed class NeverFires : IFireSchedule
    {
        public DateTimeOffset? NextAfter(DateTimeOffset after) => null;
    }
}
