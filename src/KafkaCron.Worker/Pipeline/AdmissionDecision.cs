using KafkaCron.Worker.Runs;

namespace KafkaCron.Worker.Pipeline;

/// <summary>
/// What the admission stage made of one fetched message: a run for the job slots, a final attempt (refused or
/// undecodable) for the outcome writer, or neither when the message is not started here (its offset stays
/// uncommitted and the partition's next owner, or the next start, takes it).
/// </summary>
internal readonly record struct AdmissionDecision(AdmittedRun? Run, Attempt? Ended)
{
    public static AdmissionDecision NotStarted => default;
}
