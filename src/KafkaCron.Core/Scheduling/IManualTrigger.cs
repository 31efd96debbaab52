using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Scheduling;

/// <summary>
/// Runs a job now, outside its schedule (<c>kcron trigger</c>, the console): publishes a manual fire of it
/// (<see cref="FireMessageFactory.Manual"/>) to its cluster's jobs topic, where workers admit it like any fire:
/// its concurrency policy, retries and dead letters apply.
/// </summary>
public interface IManualTrigger
{
    /// <returns>The fire published and where Kafka stored it.</returns>
    /// <exception cref="KafkaUnavailableException">Kafka did not acknowledge in time.</exception>
    Task<ManualFire> TriggerAsync(JobDefinition job, CancellationToken cancellationToken);
}

/// <summary>A manual fire as published, and where Kafka stored it.</summary>
public sealed record ManualFire(FireMessage Fire, FireReceipt Receipt);
