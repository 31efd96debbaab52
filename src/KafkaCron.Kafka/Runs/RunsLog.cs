using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Runs;

/// <summary>Log messages of the run history's writers. Event ids 1130-1139; keep them stable.</summary>
internal static partial class RunsLog
{
    [LoggerMessage(EventId = 1130, Level = LogLevel.Warning,
        Message = "The {Outcome} run record of {Job} for {ScheduledAt:O} could not be written to {Topic}: {Error}; kcron history will not show it")]
    public static partial void NotWritten(ILogger logger, string job, string outcome, DateTimeOffset scheduledAt, string topic, string error);
}
