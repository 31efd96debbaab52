using KafkaCron.Core.Control;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.WebConsole;

/// <summary>
/// The actions, each through the library code of the matching CLI command (<c>kcron trigger</c>, <c>kcron pause</c>,
/// <c>kcron resume</c>, <c>kcron replay</c>), bounded like every backend call.
/// </summary>
internal sealed class ConsoleActions(IManualTrigger trigger, PauseRequests pauses, DeadLetters.IDeadLetterStore deadLetters, Backends backends)
{
    /// <summary>
    /// Who the console pauses and resumes as, on the control topic: its admin identity. The token is shared, so no
    /// person can be named; the log line of each action (event 7011) has the caller's address.
    /// </summary>
    public static string Identity { get; } = $"console@{Environment.MachineName}";

    public Task<ManualFire> TriggerAsync(JobDefinition job, CancellationToken cancellationToken) =>
        backends.CallAsync(Backends.Kafka, ct => trigger.TriggerAsync(job, ct), cancellationToken);

    public Task<PauseChange> PauseAsync(string job, string? reason, CancellationToken cancellationToken) =>
        backends.CallAsync(Backends.Kafka, ct => pauses.PauseAsync(job, Identity, reason, ct), cancellationToken);

    public Task<PauseChange> ResumeAsync(string job, CancellationToken cancellationToken) =>
        backends.CallAsync(Backends.Kafka, ct => pauses.ResumeAsync(job, Identity, ct), cancellationToken);

    public Task<FireMessage> ReplayAsync(string cluster, FireMessage fire, CancellationToken cancellationToken) =>
        backends.CallAsync(Backends.Kafka, ct => deadLetters.ReplayAsync(cluster, fire, ct), cancellationToken);
}
