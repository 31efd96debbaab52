using KafkaCron.Worker.Runs;

namespace KafkaCron.Worker.Outcomes;

/// <summary>
/// Decides which records one kind of outcome writes (a retry or dead letter, a run-history record). The
/// <see cref="OutcomeWriter"/> asks every recorder about every attempt, run or refused, and lets the attempt's
/// offset commit only once all the records it was given are acknowledged: write, then commit.
/// </summary>
internal interface IOutcomeRecorder
{
    /// <summary>The records <paramref name="attempt"/> calls for, none when it calls for nothing; no I/O.</summary>
    IEnumerable<OutcomeRecord> RecordsFor(Attempt attempt);
}
