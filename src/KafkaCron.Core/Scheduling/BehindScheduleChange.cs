namespace KafkaCron.Core.Scheduling;

/// <summary>A change of <see cref="BehindSchedule"/>'s episode.</summary>
public abstract record BehindScheduleChange
{
    private BehindScheduleChange()
    {
    }

    /// <summary>An episode started: the scheduler is <paramref name="Behind"/> late.</summary>
    public sealed record FellBehind(TimeSpan Behind) : BehindScheduleChange;

    /// <summary>The episode ended after <paramref name="Lasted"/>; at its worst the scheduler was <paramref name="Worst"/> late.</summary>
    public sealed record CaughtUp(TimeSpan Lasted, TimeSpan Worst) : BehindScheduleChange;
}
