namespace KafkaCron.Core.Control;

/// <summary>
/// Pausing and resuming as an operator asks for it, from <c>kcron pause</c>/<c>kcron resume</c> or the console, so both
/// behave alike: the job's state is read first, so the answer can say what it was, and a resume of a job that is not
/// paused writes nothing. A pause is always written, even over a pause, so its who, when and why are the latest.
/// </summary>
public sealed class PauseRequests(IPauseStateReader states, IPauseControl control)
{
    /// <exception cref="Messages.KafkaUnavailableException">Kafka did not answer or acknowledge in time.</exception>
    public async Task<PauseChange> PauseAsync(string job, string by, string? reason, CancellationToken cancellationToken)
    {
        var before = await states.ReadAsync(cancellationToken);
        var written = await control.PauseAsync(job, by, reason, cancellationToken);
        return new PauseChange(job, before.Latest.GetValueOrDefault(job), written);
    }

    /// <inheritdoc cref="PauseAsync"/>
    public async Task<PauseChange> ResumeAsync(string job, string by, CancellationToken cancellationToken)
    {
        var before = await states.ReadAsync(cancellationToken);
        var was = before.Latest.GetValueOrDefault(job);
        return was is { Paused: true }
            ? new PauseChange(job, was, await control.ResumeAsync(job, by, cancellationToken))
            : new PauseChange(job, was, null);
    }
}

/// <summary>What a pause or resume found and did.</summary>
/// <param name="Before">The job's latest state on the control topic before; null when it never had one.</param>
/// <param name="Written">The state written; null when nothing was (a resume of a job that was not paused).</param>
public sealed record PauseChange(string Job, JobPause? Before, JobPause? Written)
{
    public bool WasPaused => Before is { Paused: true };

    /// <summary>Whether the job is paused now, as far as this change knows.</summary>
    public bool IsPaused => (Written ?? Before) is { Paused: true };
}
