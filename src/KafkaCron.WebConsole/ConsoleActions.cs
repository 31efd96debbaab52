using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;

namespace KafkaCron.WebConsole;

/// <summary>The actions, each through the library code the matching CLI command uses, bounded like every backend call.</summary>
internal sealed class ConsoleActions(ConsoleFeatures features, DeadLetters.IDeadLetterStore deadLetters, Backends backends)
{
    /// <returns>The id of the manual fire published.</returns>
    public Task<string> TriggerAsync(JobDefinition job, CancellationToken cancellationToken)
    {
        var trigger = features.Trigger ?? throw new FeatureUnavailableException(ConsoleFeatures.TriggerName);
        return backends.CallAsync(Backends.Kafka, ct => trigger.TriggerAsync(job, ct), cancellationToken);
    }

    public Task PauseAsync(string job, bool pause, CancellationToken cancellationToken)
    {
        var pauses = features.Pauses ?? throw new FeatureUnavailableException(ConsoleFeatures.PausesName);
        return backends.CallAsync(Backends.Kafka, async ct =>
        {
            await (pause ? pauses.PauseAsync(job, ct) : pauses.ResumeAsync(job, ct));
            return true;
        }, cancellationToken);
    }

    public Task<FireMessage> ReplayAsync(string cluster, FireMessage fire, CancellationToken cancellationToken) =>
        backends.CallAsync(Backends.Kafka, ct => deadLetters.ReplayAsync(cluster, fire, ct), cancellationToken);
}
