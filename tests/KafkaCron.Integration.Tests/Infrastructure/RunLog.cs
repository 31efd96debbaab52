namespace KafkaCron.Integration.Tests.Infrastructure;

/// <summary>
/// The file every test job appends one line to per run: job, cluster, worker and fire id, from the environment
/// KafkaCron gives each run. Small appends to an O_APPEND file are atomic, so concurrent runs do not interleave.
/// </summary>
public sealed class RunLog
{
    public RunLog(string path) => Path = path;

    public string Path { get; }

    /// <summary>The job command that records a run.</summary>
    public string Command =>
        $"printf '%s %s %s %s\\n' \"$KCRON_JOB\" \"$KCRON_CLUSTER\" \"$KCRON_WORKER\" \"$KCRON_FIRE_ID\" >> '{Path}'";

    public IReadOnlyList<Run> Runs()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        return File.ReadAllLines(Path)
            .Select(line => line.Split(' '))
            .Where(parts => parts.Length == 4)
            .Select(parts => new Run(parts[0], parts[1], parts[2], parts[3]))
            .ToList();
    }

    public sealed record Run(string Job, string Cluster, string Worker, string FireId);
}
