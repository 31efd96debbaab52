using Microsoft.Extensions.Logging;

namespace KafkaCron.Scheduler.JobFiles;

/// <summary>Job file loading and reloading. Event ids 2101-2199; keep them stable.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Loaded job file {Path}: {Jobs} jobs")]
    public static partial void Loaded(ILogger logger, string path, int jobs);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Watching {Path} for changes (and SIGHUP)")]
    public static partial void Watching(ILogger logger, string path);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Reloaded job file {Path} ({Trigger}): {Jobs} jobs")]
    public static partial void Reloaded(ILogger logger, string path, string trigger, int jobs);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Job file {Path} is unchanged ({Trigger}); nothing to reload")]
    public static partial void Unchanged(ILogger logger, string path, string trigger);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Error, Message = "Job file problem: {Problem}")]
    public static partial void Problem(ILogger logger, string problem);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Error,
        Message = "Rejected the changed job file {Path} ({Trigger}) with {Count} problems; the previous schedule keeps running")]
    public static partial void Rejected(ILogger logger, string path, string trigger, int count);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Error,
        Message = "Could not read the job file {Path} ({Trigger}); the previous schedule keeps running")]
    public static partial void Unreadable(ILogger logger, string path, string trigger, Exception exception);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Error,
        Message = "Did not apply the changed job file {Path} ({Trigger}): {Reason}; the previous schedule keeps running")]
    public static partial void NotApplied(ILogger logger, string path, string trigger, string reason);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Warning, Message = "The watcher of {Path} reported an error; reloading to be safe")]
    public static partial void WatcherError(ILogger logger, string path, Exception exception);
}
