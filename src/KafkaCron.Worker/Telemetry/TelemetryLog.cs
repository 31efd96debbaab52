using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Telemetry;

internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 2060, Level = LogLevel.Information, Message = "{Max} jobs have their own kcron_job series on this worker (Worker:JobMetricsMaxJobs): {Job} and every job new to this worker from now on are counted under kcron_job=\"_other\"; per-job answers: kcron history --job")]
    public static partial void JobMetricsCapReached(ILogger logger, int max, string job);
}
