namespace KafkaCron.Integration.Tests.Infrastructure;

/// <summary>
/// The file every test job appends one line to per run: job, cluster, worker, fire id, scheduled instant and
/// attempt, from the environment
/// KafkaCron gives each run. Small appends to an O_APPEND file are atomic, so concurrent runs do not interleave.
/// </summary>
public sealed class RunLog
{
    public RunLog(string path) => Path = path;

    public string Path { get; }

    /// <summary>The job command that records a run.</summary>
    public string Command =>
        $"printf '%s %s %s %s %s %s\\n' \"$KCRON_JOB\" \"$KCRON_CLUSTER\" \"$KCRON_WORKER\" \"$KCRON_FIRE_ID\" \"$KCRON_SCHEDULED_AT\" \"$KCRON_ATTEMPT\" >> '{Path}'";

    public IReadOnlyList<Run> Runs()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        return File.ReadAllLines(Path)
            .Select(line => line.Split(' '))
            .Where(parts => parts.Length == 6)
            .Select(parts => new Run(parts[0], parts[1], parts[2], parts[3],
                DateTimeOffset.Parse(parts[4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[5], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    public sealed record Run(string Job, string Cluster, string Worker, string FireId, DateTimeOffset ScheduledAt, int Attempt);
}
