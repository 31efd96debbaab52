using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// Everything a drill observed, to be held against its promise: the count, the alerts Alertmanager delivered, the
/// dead letters written, the fires published while nothing should have been, and where the stack lets it see them,
/// the workers' load and the dead man's switch.
/// </summary>
internal sealed record DrillObservation(DrillCount Count, IReadOnlyList<DeliveredAlert> Alerts, int DeadLetters, int PublishedWhileBroken)
{
    /// <summary>Null when the drill did not read it (only the flood needs it).</summary>
    public WorkerLoad? Load { get; init; }

    /// <summary>Null when the stack has no dead man's switch the drill can watch (compose).</summary>
    public HeartbeatTrace? Heartbeat { get; init; }
}
