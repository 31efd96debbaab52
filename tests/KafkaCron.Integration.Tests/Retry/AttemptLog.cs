using System.Globalization;

namespace KafkaCron.Integration.Tests.Retry;

/// <summary>
/// A run log that also records the attempt, the start and end instants (the job's own clock, Unix ms) and the exit
/// status: each run appends a <c>start</c> line when it begins and an <c>end</c> line with its status when it ends,
/// so a run cut short by a killed worker shows as a start without an end.
/// </summary>
internal sealed class AttemptLog(string path)
{
    public string Path { get; } = path;

    /// <summary>A job command that logs its start, runs <paramref name="body"/> (whose status is the run's), then logs its end.</summary>
    public string Command(string body) =>
        $"l() {{ printf '%s %s %s %s %s %s\\n' \"$1\" \"$KCRON_JOB\" \"$KCRON_FIRE_ID\" \"$KCRON_ATTEMPT\" \"$KCRON_WORKER\" \"$(date +%s%3N):$2\" >> '{Path}'; }}; " +
        $"l start -; ( {body} ); rc=$?; l end $rc; exit $rc";

    public IReadOnlyList<Entry> Entries()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        return File.ReadAllLines(Path)
            .Select(line => line.Split(' '))
            .Where(parts => parts.Length == 6)
            .Select(parts =>
            {
                var (ms, status) = (parts[5].Split(':')[0], parts[5].Split(':')[1]);
                return new Entry(parts[0] == "start", parts[1], parts[2], int.Parse(parts[3], CultureInfo.InvariantCulture), parts[4],
                    DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ms, CultureInfo.InvariantCulture)),
                    status == "-" ? null : int.Parse(status, CultureInfo.InvariantCulture));
            })
            .ToList();
    }

    public sealed record Entry(bool IsStart, string Job, string FireId, int Attempt, string Worker, DateTimeOffset At, int? ExitCode);
}
