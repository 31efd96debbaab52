using KafkaCron.Worker.Execution;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Pipeline;

/// <summary>Without retries every outcome is final: say so for the ones that did not succeed, and let the offset commit.</summary>
internal sealed class LoggingRunOutcomeHandler(ILogger<LoggingRunOutcomeHandler> logger) : IRunOutcomeHandler
{
    public ValueTask HandleAsync(FinishedRun run, CancellationToken abort)
    {
        if (run.Result.Outcome != RunOutcome.Succeeded)
        {
            WorkerLog.NotRetried(logger, run.Fire.Job, run.Fire.FireId, run.Result.Outcome.ToTag());
        }

        return ValueTask.CompletedTask;
    }
}
