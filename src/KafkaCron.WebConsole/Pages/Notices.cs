using KafkaCron.Core.Control;
using KafkaCron.Core.Jobs;

namespace KafkaCron.WebConsole.Pages;

/// <summary>
/// What a page says after an action its form posted (the <c>notice</c> of the redirect back). Only these words are
/// shown: <see cref="IsOurs"/> drops any other text a crafted link puts in the query.
/// </summary>
internal static class Notices
{
    public const string LoggedIn = "Logged in";

    public const string LoggedOut = "Logged out";

    private const string NothingToResume = "Nothing to resume: ";

    private static readonly string[] Prefixes = ["Triggered ", "Paused ", "Resumed ", NothingToResume, "Replayed ", LoggedIn, LoggedOut];

    public static bool IsOurs(string notice) =>
        notice.Length is > 0 and <= 500 && Prefixes.Any(prefix => notice.StartsWith(prefix, StringComparison.Ordinal));

    public static string Triggered(JobDefinition job, string fireId) =>
        $"Triggered {job.Name} on {job.Cluster}: manual fire {fireId}, concurrencyPolicy {ConcurrencyPolicyNames.Of(job.ConcurrencyPolicy)}"
        + (job.Suspend ? " (suspended in the job file: a manual fire runs all the same)" : string.Empty);

    public static string Paused(PauseChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return $"Paused {change.Job} as {change.Written!.By}: the leading scheduler withholds its fires from its next instant on"
            + (change.WasPaused ? $" (it was already paused by {change.Before!.By}; written again)" : string.Empty);
    }

    public static string Resumed(JobDefinition job, PauseChange change)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(change);
        var suspended = job.Suspend ? "; suspend: true in the job file still keeps it from firing" : string.Empty;
        return change.Written is null
            ? $"{NothingToResume}{job.Name} is not paused; nothing written{suspended}"
            : $"Resumed {job.Name}: no withheld instant is replayed; misfirePolicy {MisfirePolicyNames.Of(job.MisfirePolicy)} decides whether the latest fires once now{suspended}";
    }

    public static string Replayed(string job, string fireId) => $"Replayed {job}: fire {fireId}";
}
