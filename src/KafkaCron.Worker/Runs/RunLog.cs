using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Runs;

/// <summary>Log messages of the run history (event ids 2150–2159).</summary>
internal static partial class RunLog
{
    [LoggerMessage(EventId = 2150, Level = LogLevel.Debug, Message = "Run record of job {Job} fire {FireId} attempt {Attempt} ({Outcome}) written to {Topic}")]
    public static partial void Recorded(ILogger logger, string job, string fireId, int attempt, string outcome, string topic);
}
