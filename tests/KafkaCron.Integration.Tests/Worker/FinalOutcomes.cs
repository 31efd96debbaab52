using KafkaCron.Worker.Pipeline;

namespace KafkaCron.Integration.Tests.Worker;

/// <summary>Treats every outcome as final, so pipeline tests see only the jobs topic; retries have their own tests.</summary>
internal sealed class FinalOutcomes : IRunOutcomeHandler
{
    public ValueTask HandleAsync(FinishedRun run, CancellationToken abort) => ValueTask.CompletedTask;
}
