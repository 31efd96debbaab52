namespace KafkaCron.WebConsole.Control;

/// <summary>
/// Pauses and resumes jobs cluster-wide, and says which are paused: a port onto the compacted control topic the
/// scheduler follows, implemented by the same code as <c>kcron pause</c> and <c>kcron resume</c>.
/// </summary>
public interface IJobPauses
{
    /// <exception cref="Confluent.Kafka.KafkaException">Kafka did not answer.</exception>
    Task<IReadOnlySet<string>> ReadPausedAsync(CancellationToken cancellationToken);

    Task PauseAsync(string job, CancellationToken cancellationToken);

    Task ResumeAsync(string job, CancellationToken cancellationToken);
}
