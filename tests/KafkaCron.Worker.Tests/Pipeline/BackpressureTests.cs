using KafkaCron.Worker.Pipeline;

namespace KafkaCron.Worker.Tests.Pipeline;

public sealed class BackpressureTests
{
    [Fact]
    public void Update_ReachesCapacity_PausesOnce()
    {
        var gate = new Backpressure(8);

        Assert.Equal(BackpressureChange.None, gate.Update(7));
        Assert.Equal(BackpressureChange.Pause, gate.Update(8));
        Assert.Equal(BackpressureChange.None, gate.Update(8));
        Assert.True(gate.Paused);
        Assert.False(gate.HasRoom(8));
    }

    [Fact]
    public void Update_WhilePaused_ResumesOnlyAtTheLowWatermark()
    {
        var gate = new Backpressure(8);
        gate.Update(8);

        Assert.Equal(BackpressureChange.None, gate.Update(7));
        Assert.Equal(BackpressureChange.None, gate.Update(5));
        Assert.Equal(BackpressureChange.Resume, gate.Update(4));
        Assert.False(gate.Paused);
        Assert.Equal(4, gate.ResumeAt);
    }

    [Fact]
    public void Update_CapacityOne_PausesAtOneAndResumesAtZero()
    {
        var gate = new Backpressure(1);

        Assert.Equal(BackpressureChange.Pause, gate.Update(1));
        Assert.Equal(BackpressureChange.Resume, gate.Update(0));
    }
}
