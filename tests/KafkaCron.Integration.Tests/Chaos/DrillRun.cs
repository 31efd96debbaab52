using System.Globalization;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>A fire identified as the drills count it: which job, which scheduled instant.</summary>
internal readonly record struct FireKey(string Job, DateTimeOffset ScheduledAt);

/// <summary>
/// One run of a drill job, as the job itself recorded it: which job and instant, which fire, where and when it
/// started. The job's command (<see cref="Command"/>) prints one line per run, to a file on the local stack or to
/// its output (which the worker logs) on a compose stack.
/// </summary>
internal sealed record DrillRun(string Job, DateTimeOffset ScheduledAt, string FireId, string Worker, DateTimeOffset StartedAt)
{
    /// <summary>What a run line starts with, so it can be found among a worker's log lines.</summary>
    public const string Marker = "kcron-drill-run";

    public FireKey Key => new(Job, ScheduledAt);

    /// <summary>The shell command of a drill job: one run line, with the start time in Unix milliseconds.</summary>
    /// <param name="redirect">Appended to the printf, e.g. <c>&gt;&gt; '/tmp/runs.log'</c>; empty prints to the job's output.</param>
    public static string Command(string redirect) =>
        $"printf '{Marker} %s %s %s %s %s\\n' \"$KCRON_JOB\" \"$KCRON_SCHEDULED_AT\" \"$KCRON_FIRE_ID\" \"$KCRON_WORKER\" \"$(date +%s%3N)\"" +
        (redirect.Length == 0 ? string.Empty : " " + redirect);

    /// <summary>
    /// The run a line holds, wherever in it the run starts: the worker logs a run's output inside its one-line
    /// summary, so text before and after it is ignored. Null when the line holds none.
    /// </summary>
    public static DrillRun? Parse(string line)
    {
        var at = line.IndexOf(Marker + " ", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var parts = line[(at + Marker.Length + 1)..].Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 5
            || !DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var scheduledAt)
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var startedMs))
        {
            return null;
        }

        return new DrillRun(parts[0], scheduledAt, parts[2], parts[3], DateTimeOffset.FromUnixTimeMilliseconds(startedMs));
    }
}
