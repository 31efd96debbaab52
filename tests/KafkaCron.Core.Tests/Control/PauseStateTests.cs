using KafkaCron.Core.Control;
using static KafkaCron.Core.Tests.Control.ControlRecordCodecTests;

namespace KafkaCron.Core.Tests.Control;

public sealed class PauseStateTests
{
    [Fact]
    public void Apply_PauseThenResume_TheLatestRecordPerJobWins()
    {
        var state = new PauseState();

        Assert.True(state.Apply(ControlRecord.Pause(Paused("a"))));
        Assert.True(state.Apply(ControlRecord.Pause(Paused("b"))));
        Assert.True(state.Apply(ControlRecord.Pause(Paused("a", paused: false))));

        var snapshot = state.Snapshot(version: 3);
        Assert.Equal(3, snapshot.Version);
        Assert.Equal(["b"], snapshot.Jobs);
        Assert.Equal("db migration", snapshot.Pauses["b"].Reason);
        Assert.False(state.Latest["a"].Paused);
    }

    [Fact]
    public void Apply_SameStateAgain_ChangesNothing()
    {
        var state = new PauseState();
        state.Apply(ControlRecord.Pause(Paused("a")));

        Assert.False(state.Apply(ControlRecord.Pause(Paused("a"))));
        Assert.True(state.Apply(ControlRecord.Pause(Paused("a", reason: "longer migration"))));
    }

    [Fact]
    public void Apply_Tombstone_ForgetsTheJob()
    {
        var state = new PauseState();
        state.Apply(ControlRecord.Pause(Paused("a")));

        Assert.True(state.Apply(ControlRecord.Cleared("a")));
        Assert.False(state.Apply(ControlRecord.Cleared("a")));
        Assert.Empty(state.Snapshot(1).Jobs);
    }

    [Fact]
    public void Apply_UnknownOrInvalidRecords_ChangeNothing()
    {
        var state = new PauseState();
        state.Apply(ControlRecord.Pause(Paused("a")));

        Assert.False(state.Apply(ControlRecord.Unknown));
        Assert.False(state.Apply(ControlRecord.Invalid("garbage")));
        Assert.Equal(["a"], state.Snapshot(1).Jobs);
    }

    [Fact]
    public void None_PausesNothing()
    {
        Assert.Empty(PausedJobs.None.Jobs);
        Assert.Equal(0, PausedJobs.None.Version);
    }
}
