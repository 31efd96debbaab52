using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using KafkaCron.Core.Jobs;

namespace KafkaCron.Cli.Commands;

/// <summary><c>--since</c>: a duration back from now (<c>1h</c>, <c>2d</c>, <c>PT30M</c>) or an instant (<c>2026-11-27T03:00:00Z</c>).</summary>
internal static class SinceOption
{
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset since, [NotNullWhen(false)] out string? error)
    {
        if (DurationFormat.TryParse(text, out var back, out _))
        {
            since = back >= now - DateTimeOffset.MinValue ? DateTimeOffset.MinValue : now - back;
            error = null;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out since))
        {
            error = null;
            return true;
        }

        error = $"--since: '{text}' is neither a duration ({DurationFormat.Examples}) nor a time (2026-11-27T03:00:00Z)";
        return false;
    }
}
