using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Execution;

internal static partial class ExecutionLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Run in process group {GroupId} exceeded its timeout of {Timeout}; terminating the group")]
    public static partial void TimedOut(ILogger logger, int groupId, TimeSpan timeout);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Run in process group {GroupId} is terminated: worker shutdown ran out of grace")]
    public static partial void Aborted(ILogger logger, int groupId);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Run in process group {GroupId} exited but left processes {Pids} behind; terminating them")]
    public static partial void LeftoverProcesses(ILogger logger, int groupId, string pids);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Process group {GroupId} ignored SIGTERM for {Grace}; sending SIGKILL")]
    public static partial void Escalating(ILogger logger, int groupId, TimeSpan grace);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Error, Message = "Process group {GroupId} still has live processes {Pids} after SIGKILL")]
    public static partial void SurvivedKill(ILogger logger, int groupId, string pids);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "Output pipes of process group {GroupId} stayed open after the run ended (a process outside the group holds them); output capture stopped")]
    public static partial void PipesHeldOpen(ILogger logger, int groupId);
}
