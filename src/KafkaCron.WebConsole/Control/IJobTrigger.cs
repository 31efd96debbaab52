using KafkaCron.Core.Jobs;

namespace KafkaCron.WebConsole.Control;

/// <summary>
/// Publishes a manual fire of a job (a fresh fire id, marked as a trigger): a port, implemented by the same code as
/// <c>kcron trigger</c>, so a run started here passes the worker's admission and overlap policy like any other.
/// </summary>
public interface IJobTrigger
{
    /// <returns>The id of the fire published.</returns>
    /// <exception cref="Confluent.Kafka.KafkaException">Kafka did not take the fire.</exception>
    Task<string> TriggerAsync(JobDefinition job, CancellationToken cancellationToken);
}
