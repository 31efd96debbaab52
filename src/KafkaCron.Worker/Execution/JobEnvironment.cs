using System.Globalization;
using KafkaCron.Core.Messages;

namespace KafkaCron.Worker.Execution;

/// <summary>The variables a run gets on top of the worker's environment: the job's own, then KafkaCron's.</summary>
internal static class JobEnvironment
{
    public const string Prefix = "KCRON_";
    public const string Job = "KCRON_JOB";
    public const string Cluster = "KCRON_CLUSTER";
    public const string FireId = "KCRON_FIRE_ID";
    public const string ScheduledAt = "KCRON_SCHEDULED_AT";
    public const string Attempt = "KCRON_ATTEMPT";
    public const string Worker = "KCRON_WORKER";

    /// <summary>
    /// The job's env with the KCRON_* variables set last, so a job cannot fake its own identity.
    /// <paramref name="fire"/> has its cluster filled in by decoding.
    /// </summary>
    public static Dictionary<string, string> For(FireMessage fire, string workerId)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in fire.Env ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        variables[Job] = fire.Job;
        variables[Cluster] = fire.Cluster ?? throw new ArgumentException("the fire has no cluster", nameof(fire));
        variables[FireId] = fire.FireId;
        variables[ScheduledAt] = fire.ScheduledAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        variables[Attempt] = fire.Attempt.ToString(CultureInfo.InvariantCulture);
        variables[Worker] = workerId;
        return variables;
    }

    public static JobRunRequest Request(FireMessage fire, string workerId) => new()
    {
        Command = string.IsNullOrWhiteSpace(fire.Command) ? null : fire.Command,
        Args = fire.Args,
        Environment = For(fire, workerId),
        WorkingDirectory = string.IsNullOrWhiteSpace(fire.WorkingDirectory) ? null : fire.WorkingDirectory,
        Timeout = fire.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
    };
}
