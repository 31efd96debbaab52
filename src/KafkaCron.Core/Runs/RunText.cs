using System.Globalization;

namespace KafkaCron.Core.Runs;

/// <summary>How a run record reads in one line (<c>kcron history</c>, <c>kcron trigger --wait</c>, the console), spelled once.</summary>
public static class RunText
{
    public const string None = "-";

    /// <summary><c>0</c>, <c>3</c>, <c>SIGKILL</c>, or <c>-</c> when the process never exited by itself.</summary>
    public static string Exit(RunRecord run) =>
        run.Signal is { } signal ? ExitStatus.NameOf(signal)
        : run.ExitCode is { } code ? code.ToString(CultureInfo.InvariantCulture)
        : None;

    /// <summary><c>850ms</c>, <c>12.3s</c>, <c>4m05s</c>, <c>2h03m</c>, or <c>-</c> when it never started.</summary>
    public static string Duration(RunRecord run) => run.DurationSeconds is not { } seconds ? None : Duration(TimeSpan.FromSeconds(seconds));

    public static string Duration(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1) ? FormattableString.Invariant($"{duration.TotalMilliseconds:0}ms")
        : duration < TimeSpan.FromMinutes(1) ? FormattableString.Invariant($"{duration.TotalSeconds:0.0}s")
        : duration < TimeSpan.FromHours(1) ? FormattableString.Invariant($"{(int)duration.TotalMinutes}m{duration.Seconds:00}s")
        : FormattableString.Invariant($"{(int)duration.TotalHours}h{duration.Minutes:00}m");

    /// <summary>
    /// The first line the run printed (stdout, else stderr), else why it ended so (a spawn error, a refusal), at most
    /// <paramref name="width"/> characters; empty when there is nothing to say.
    /// </summary>
    public static string FirstLine(RunRecord run, int width = 60)
    {
        var line = FirstNonEmptyLine(run.StdoutTail) ?? FirstNonEmptyLine(run.StderrTail) ?? FirstNonEmptyLine(run.Detail) ?? string.Empty;
        return line.Length <= width ? line : string.Concat(line.AsSpan(0, Math.Max(0, width - 3)), "...");
    }

    /// <summary><c>2026-11-27T03:00:00.004Z</c>: UTC, milliseconds, sortable.</summary>
    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string? FirstNonEmptyLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                // Control characters would break the table (a carriage return, an escape sequence).
                return string.Concat(trimmed.Select(c => char.IsControl(c) ? ' ' : c));
            }
        }

        return null;
    }
}
