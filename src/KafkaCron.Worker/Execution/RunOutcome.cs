using KafkaCron.Core.Telemetry;

namespace KafkaCron.Worker.Execution;

/// <summary>How a job run ended. A run cut short by worker shutdown has no outcome: it is abandoned and re-run.</summary>
internal enum RunOutcome
{
    Succeeded,
    Failed,
    Timeout,
    SpawnError,
}

internal static class RunOutcomeExtensions
{
    public static string ToTag(this RunOutcome outcome) => outcome switch
    {
        RunOutcome.Succeeded => MetricTags.OutcomeSucceeded,
        RunOutcome.Failed => MetricTags.OutcomeFailed,
        RunOutcome.Timeout => MetricTags.OutcomeTimeout,
        RunOutcome.SpawnError => MetricTags.OutcomeSpawnError,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
