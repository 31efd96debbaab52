using KafkaCron.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Scheduler.Pausing;

/// <summary>Log messages of pausing in the scheduler. Event ids 2301-2319; keep them stable.</summary>
internal static partial class PauseLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Debug,
        Message = "Not publishing {Job} for {ScheduledAt:O}: {Why} (kcron.fires.skipped, reason paused)")]
    public static partial void FireWithheld(ILogger logger, string job, DateTimeOffset scheduledAt, string why);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Information,
        Message = "Job {Job} is {Why}; each of its instants is withheld until it is resumed")]
    public static partial void Paused(ILogger logger, string job, Core.Control.JobPause why);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information,
        Message = "Job {Job} is resumed after {Withheld} withheld instants; misfire policy {Policy} fires the latest of them, {CatchUp:O}, once now")]
    public static partial void ResumedWithCatchUp(ILogger logger, string job, int withheld, MisfirePolicy policy, DateTimeOffset catchUp);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Information,
        Message = "Job {Job} is resumed after {Withheld} withheld instants; misfire policy {Policy} fires none of them, the schedule goes on at its next instant")]
    public static partial void Resumed(ILogger logger, string job, int withheld, MisfirePolicy policy);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning,
        Message = "This term publishes nothing until it has read the control topic (pauses) to its end; still waiting after {Seconds} s")]
    public static partial void WaitingForControlTopic(ILogger logger, double seconds);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Information, Message = "Read the control topic to its end: {Paused} jobs paused ({Milliseconds:F0} ms)")]
    public static partial void ControlTopicRead(ILogger logger, int paused, double milliseconds);
}
