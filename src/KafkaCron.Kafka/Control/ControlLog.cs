using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Control;

/// <summary>Log messages of the control topic's readers. Event ids 1120-1129; keep them stable.</summary>
internal static partial class ControlLog
{
    [LoggerMessage(EventId = 1120, Level = LogLevel.Warning, Message = "Skipped a record of the control topic that is not a control record, {Record} (kcron.records.undecodable)")]
    public static partial void Undecodable(ILogger logger, Core.Messages.UndecodableRecord record);

    [LoggerMessage(EventId = 1121, Level = LogLevel.Warning, Message = "Cannot follow the control topic {Topic} ({Error}); trying again every {Seconds} s, pauses known so far stay in force")]
    public static partial void Unreachable(ILogger logger, string topic, string error, double seconds);

    [LoggerMessage(EventId = 1122, Level = LogLevel.Information, Message = "Following the control topic {Topic} again")]
    public static partial void Reachable(ILogger logger, string topic);

    [LoggerMessage(EventId = 1123, Level = LogLevel.Information, Message = "Pauses changed: {Paused} jobs paused now ({Jobs})")]
    public static partial void PausesChanged(ILogger logger, int paused, IEnumerable<string> jobs);
}
