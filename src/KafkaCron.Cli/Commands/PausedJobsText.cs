using System.Globalization;
using KafkaCron.Core.Control;
using KafkaCron.Core.Jobs;
using KafkaCron.ZooKeeper.Status;

namespace KafkaCron.Cli.Commands;

/// <summary>The paused jobs as <c>kcron status</c> shows them: paused at runtime (who, when, why) and suspended in the job file.</summary>
internal static class PausedJobsText
{
    public static IEnumerable<string> Lines(ControlTopicState pauses, JobFile? jobFile, string? jobFilePath, DateTimeOffset now)
    {
        var reasons = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pause in pauses.Paused)
        {
            Add(reasons, pause.Job, $"paused by {pause.By} {Ago(pause.At, now)}" + (string.IsNullOrWhiteSpace(pause.Reason) ? string.Empty : ": " + pause.Reason));
        }

        foreach (var job in jobFile?.Jobs.Where(j => j.Suspend) ?? [])
        {
            Add(reasons, job.Name, $"suspend: true in {jobFilePath}");
        }

        yield return reasons.Count == 0
            ? $"{"paused",-11} none"
            : string.Create(CultureInfo.InvariantCulture, $"{"paused",-11} {reasons.Count} job(s); their fires are withheld and recorded as paused (kcron history)");
        foreach (var (job, why) in reasons)
        {
            yield return $"  {job,-24} {string.Join("; ", why)}";
        }
    }

    private static string Ago(DateTimeOffset at, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"at {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} ({ElectionStatusFormatter.Age(now - at)} ago)");

    private static void Add(SortedDictionary<string, List<string>> reasons, string job, string why)
    {
        if (!reasons.TryGetValue(job, out var list))
        {
            reasons[job] = list = [];
        }

        list.Add(why);
    }
}
