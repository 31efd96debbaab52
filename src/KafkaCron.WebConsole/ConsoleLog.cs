using Microsoft.Extensions.Logging;

namespace KafkaCron.WebConsole;

/// <summary>The console's log messages. Event ids 7001-7099 belong to the console; keep them stable.</summary>
internal static partial class ConsoleLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Read job file {Path}: {Jobs} jobs")]
    public static partial void JobFileLoaded(ILogger logger, string path, int jobs);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning,
        Message = "Job file {Path} not taken ({Problems} problem(s), first: {First}); the console keeps showing the last valid one")]
    public static partial void JobFileRejected(ILogger logger, string path, int problems, string first);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning,
        Message = "Refused {Method} {Path} from {Remote}: {Status}, {Reason}")]
    public static partial void ActionRefused(ILogger logger, string method, string path, string? remote, int status, string reason);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "{Action} of {Target} by {Remote} ({Credential}): {Result}")]
    public static partial void ActionDone(ILogger logger, string action, string target, string? remote, string credential, string result);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Login refused from {Remote}: wrong admin token")]
    public static partial void LoginRefused(ILogger logger, string? remote);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Information, Message = "Logged in from {Remote}, session until {Until:O}")]
    public static partial void LoggedIn(ILogger logger, string? remote, DateTimeOffset until);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Warning, Message = "{Backend} did not answer for {Path}: {Reason}")]
    public static partial void BackendUnavailable(ILogger logger, string backend, string path, string reason);

    [LoggerMessage(EventId = 7040, Level = LogLevel.Information, Message = "Following the run history of {Cluster} ({Partitions} partitions) for the jobs list")]
    public static partial void Following(ILogger logger, string cluster, int partitions);

    [LoggerMessage(EventId = 7041, Level = LogLevel.Warning,
        Message = "Cannot follow the run history of {Cluster}: {Reason}; asking again in {Seconds} s, the jobs list lacks its last runs until then")]
    public static partial void FollowFailed(ILogger logger, string cluster, string reason, double seconds);

    [LoggerMessage(EventId = 7042, Level = LogLevel.Information, Message = "The runs topic of {Cluster} has new partitions: following it again from the start of the window")]
    public static partial void FollowRestarted(ILogger logger, string cluster);

    [LoggerMessage(EventId = 7043, Level = LogLevel.Error,
        Message = "The follow of the run history of {Cluster} failed; starting it again in {Seconds} s from where it was")]
    public static partial void FollowFaulted(ILogger logger, Exception exception, string cluster, double seconds);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Information, Message = "Console at {Url} (actions {Actions})")]
    public static partial void Listening(ILogger logger, string url, string actions);
}
