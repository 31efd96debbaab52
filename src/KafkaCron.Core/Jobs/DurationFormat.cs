using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KafkaCron.Core.Jobs;

/// <summary>
/// Durations as written in job files: Go-like (<c>500ms</c>, <c>90s</c>, <c>10m</c>, <c>1h30m</c>, <c>1.5h</c>,
/// <c>2d</c>, <c>0</c>) or ISO 8601 (<c>PT5M</c>, <c>P1DT2H</c>, <c>P1W</c>). Years and months are refused because
/// they have no fixed length.
/// </summary>
public static partial class DurationFormat
{
    public const string Examples = "500ms, 90s, 10m, 1h30m, 2d or ISO 8601 PT5M";

    // A number above this, in any unit, is past TimeSpan's range anyway; the cap keeps decimal arithmetic in range.
    private const decimal LargestNumber = 1_000_000_000_000_000m;

    public static bool TryParse(string? text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = TimeSpan.Zero;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = $"a duration is required ({Examples})";
            return false;
        }

        if (trimmed.StartsWith('-'))
        {
            error = $"'{trimmed}' is negative; durations cannot be";
            return false;
        }

        if (trimmed == "0")
        {
            error = null;
            return true;
        }

        return trimmed[0] is 'P' or 'p'
            ? TryParseIso(trimmed, out duration, out error)
            : TryParseGo(trimmed, out duration, out error);
    }

    /// <summary>The shortest Go-like spelling, e.g. <c>1h30m</c>, <c>500ms</c>, <c>2d</c>; <c>0</c> for zero.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0";
        }

        var builder = new System.Text.StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            builder.Append('-');
            duration = duration.Duration();
        }

        Append(builder, duration.Days, "d");
        Append(builder, duration.Hours, "h");
        Append(builder, duration.Minutes, "m");
        Append(builder, duration.Seconds, "s");
        var belowSecond = duration.Ticks % TimeSpan.TicksPerSecond;
        if (belowSecond != 0)
        {
            builder.Append((belowSecond / (decimal)TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture)).Append("ms");
        }

        return builder.ToString();
    }

    private static void Append(System.Text.StringBuilder builder, int value, string unit)
    {
        if (value != 0)
        {
            builder.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    private static bool TryParseGo(string text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = TimeSpan.Zero;
        if (!GoForm().IsMatch(text))
        {
            error = $"'{text}' is not a duration: use a number with a unit ms, s, m, h or d ({Examples})";
            return false;
        }

        var ticks = 0m;
        foreach (Match part in GoPart().Matches(text))
        {
            var unit = part.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => TimeSpan.TicksPerDay,
            };
            if (!TryAdd(ref ticks, part.Groups["number"].Value, unit))
            {
                error = $"'{text}' is too long a duration";
                return false;
            }
        }

        duration = ToTimeSpan(ticks);
        error = null;
        return true;
    }

    private static bool TryParseIso(string text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = TimeSpan.Zero;
        var match = IsoForm().Match(text);
        if (!match.Success || text.Length == 1 || text.EndsWith('T') || text.EndsWith('t'))
        {
            var datePart = text.Split('T', 't')[0];
            error = datePart.IndexOfAny(['Y', 'y', 'M', 'm']) >= 0
                ? $"'{text}' uses years or months, which have no fixed length; use days (P30D)"
                : $"'{text}' is not an ISO 8601 duration such as PT5M, PT1H30M or P1DT12H";
            return false;
        }

        var ticks = 0m;
        var fields = new (string Group, long Unit)[]
        {
            ("weeks", TimeSpan.TicksPerDay * 7), ("days", TimeSpan.TicksPerDay), ("hours", TimeSpan.TicksPerHour),
            ("minutes", TimeSpan.TicksPerMinute), ("seconds", TimeSpan.TicksPerSecond),
        };
        foreach (var (group, unit) in fields)
        {
            var value = match.Groups[group];
            if (value.Success && !TryAdd(ref ticks, value.Value.Replace(',', '.'), unit))
            {
                error = $"'{text}' is too long a duration";
                return false;
            }
        }

        duration = ToTimeSpan(ticks);
        error = null;
        return true;
    }

    private static bool TryAdd(ref decimal ticks, string number, long unit)
    {
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value > LargestNumber)
        {
            return false;
        }

        ticks += value * unit;
        return ticks <= TimeSpan.MaxValue.Ticks;
    }

    // Fractions finer than a tick (100 ns) are dropped.
    private static TimeSpan ToTimeSpan(decimal ticks) => new((long)decimal.Truncate(ticks));

    [GeneratedRegex(@"^(?:[0-9]+(?:\.[0-9]+)?(?:ms|s|m|h|d))+\z", RegexOptions.CultureInvariant)]
    private static partial Regex GoForm();

    [GeneratedRegex(@"(?<number>[0-9]+(?:\.[0-9]+)?)(?<unit>ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex GoPart();

    [GeneratedRegex(
        @"^P(?:(?<weeks>[0-9]+)W)?(?:(?<days>[0-9]+)D)?(?:T(?:(?<hours>[0-9]+)H)?(?:(?<minutes>[0-9]+)M)?(?:(?<seconds>[0-9]+(?:[.,][0-9]+)?)S)?)?\z",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IsoForm();
}
