namespace KafkaCron.Core.Control;

/// <summary>
/// Pauses and resumes jobs, cluster-wide, by writing their state to the control topic (<c>kcron pause</c>/<c>resume</c>,
/// the console). Every scheduler replica follows the topic; the leader withholds a paused job's fires from its next
/// instant on. The name is written as given: checking it against a job file is the caller's business.
/// </summary>
public interface IPauseControl
{
    /// <param name="by">Who asks: <c>user@host</c>, or the console's signed-in user.</param>
    /// <returns>The state written, once Kafka acknowledged it.</returns>
    /// <exception cref="Messages.KafkaUnavailableException">Kafka did not acknowledge in time.</exception>
    Task<JobPause> PauseAsync(string job, string by, string? reason, CancellationToken cancellationToken);

    /// <inheritdoc cref="PauseAsync"/>
    Task<JobPause> ResumeAsync(string job, string by, CancellationToken cancellationToken);
}
