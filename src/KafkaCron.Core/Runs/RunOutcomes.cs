namespace KafkaCron.Core.Runs;

/// <summary>
/// The <c>outcome</c> of a run record: how one attempt of a fire ended, ran or refused. These names are part of the
/// record format (docs/run-record.schema.json) and of <c>kcron history</c>; they never change meaning.
/// </summary>
public static class RunOutcomes
{
    /// <summary>The process exited with status 0.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>
    /// The attempt failed: the process exited with a non-zero status that is not a signal's, or it could not be started
    /// at all (spawn error; <see cref="RunRecord.ExitCode"/> is then absent and <see cref="RunRecord.Detail"/> says why).
    /// </summary>
    public const string Failed = "failed";

    /// <summary>The job's own timeout ran out; the worker terminated its process group.</summary>
    public const string TimedOut = "timed-out";

    /// <summary>
    /// The process ended by a signal the worker did not send (the kernel's OOM killer, an operator's kill, a supervisor):
    /// its exit status was 128 + N (N a signal number), which <see cref="RunRecord.Signal"/> holds.
    /// </summary>
    public const string Killed = "killed";

    /// <summary>concurrencyPolicy forbid: a run of the job was in progress on its partition's worker; never started.</summary>
    public const string SkippedOverlap = "skipped-overlap";

    /// <summary>The same run (idempotency key) was admitted on the partition before: published twice, run once.</summary>
    public const string SkippedDuplicate = "skipped-duplicate";

    /// <summary>Published by a deposed scheduler leader (its epoch below the highest seen on the partition); never started.</summary>
    public const string StaleEpoch = "stale-epoch";

    /// <summary>concurrencyPolicy replace: a newer fire of the job stopped this run (or it was superseded before it started).</summary>
    public const string Replaced = "replaced";

    /// <summary>
    /// Written by the leading scheduler, not a worker: the instant came due while the job was paused (<c>kcron pause</c>)
    /// or suspended (<c>suspend: true</c>), so no fire was published.
    /// </summary>
    public const string Paused = "paused";

    /// <summary>Every outcome of schema version 1, in the order the docs list them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Succeeded, Failed, TimedOut, Killed, SkippedOverlap, SkippedDuplicate, StaleEpoch, Replaced, Paused];

    /// <summary>The attempts that ran and did not succeed: what <c>kcron history --failed</c> lists.</summary>
    public static bool IsFailure(string outcome) => outcome is Failed or TimedOut or Killed;

    /// <summary>
    /// Whether no further attempt of the fire follows this record: anything but a failure with attempts left (which
    /// the retry worker runs again). What <c>kcron trigger --wait</c> waits for.
    /// </summary>
    public static bool EndsTheFire(RunRecord run) => !IsFailure(run.Outcome) || run.RemainingAttempts is null or <= 0;
}
