namespace KafkaCron.Worker.Pipeline;

/// <summary>
/// Decides what happens after a run ends, before its offset may be committed. The offset is released for commit
/// only when <see cref="HandleAsync"/> completes, so a handler that writes elsewhere (a retry or dead-letter topic)
/// must await the acknowledgement first: write, then commit.
/// </summary>
internal interface IRunOutcomeHandler
{
    /// <param name="run">The finished run.</param>
    /// <param name="abort">Worker shutdown ran out of grace; throwing <see cref="OperationCanceledException"/> abandons the message.</param>
    ValueTask HandleAsync(FinishedRun run, CancellationToken abort);
}
