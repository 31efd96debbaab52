using KafkaCron.Core.Control;

namespace KafkaCron.Scheduler.Pausing;

/// <summary>No runtime pauses: a scheduler without a control topic to follow (tests); <c>suspend: true</c> still works.</summary>
internal sealed class NoPausedJobs : IPausedJobs
{
    public static NoPausedJobs Instance { get; } = new();

    public PausedJobs Current => PausedJobs.None;

    public event Action? Changed
    {
        add { }
        remove { }
    }

    public Task ReadToEndAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
