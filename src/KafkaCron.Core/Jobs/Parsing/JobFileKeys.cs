namespace KafkaCron.Core.Jobs.Parsing;

/// <summary>The keys a job file may use, in the order the documentation lists them.</summary>
internal static class JobFileKeys
{
    public const string Clusters = "clusters";
    public const string Defaults = "defaults";
    public const string Jobs = "jobs";

    public const string Name = "name";
    public const string Schedule = "schedule";
    public const string TimeZone = "timeZone";
    public const string Cluster = "cluster";
    public const string Command = "command";
    public const string Args = "args";
    public const string Timeout = "timeout";
    public const string Env = "env";
    public const string WorkingDirectory = "workingDirectory";
    public const string Suspend = "suspend";
    public const string Retry = "retry";
    public const string ConcurrencyPolicy = "concurrencyPolicy";
    public const string MisfirePolicy = "misfirePolicy";
    public const string CatchUpWindow = "catchUpWindow";

    public const string MaxAttempts = "maxAttempts";
    public const string InitialDelay = "initialDelay";
    public const string Multiplier = "multiplier";
    public const string MaxDelay = "maxDelay";
    public const string Jitter = "jitter";

    public static IReadOnlyList<string> TopLevel { get; } = [Clusters, Defaults, Jobs];

    public static IReadOnlyList<string> Job { get; } =
    [
        Name, Schedule, TimeZone, Cluster, Command, Args, Timeout, Env, WorkingDirectory, Suspend, Retry,
        ConcurrencyPolicy, MisfirePolicy, CatchUpWindow,
    ];

    /// <summary>Keys that identify a job or say what it does belong to each job, never to all of them.</summary>
    public static IReadOnlyList<string> JobOnly { get; } = [Name, Schedule, Command, Args];

    public static IReadOnlyList<string> DefaultsSection { get; } = [.. Job.Except(JobOnly)];

    public static IReadOnlyList<string> RetrySection { get; } = [MaxAttempts, InitialDelay, Multiplier, MaxDelay, Jitter];
}
