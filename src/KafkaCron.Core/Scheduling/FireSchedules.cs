using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Cronos;
using KafkaCron.Core.Jobs;

namespace KafkaCron.Core.Scheduling;

/// <summary>
/// Turns schedule text into an <see cref="IFireSchedule"/>: cron (Cronos, 5 fields or 6 with seconds), the
/// descriptors <c>@yearly @annually @monthly @weekly @daily @midnight @hourly</c>, and <c>@every &lt;duration&gt;</c>.
/// The semantics are documented in docs/schedules.md.
/// </summary>
public static partial class FireSchedules
{
    public const string EveryDescriptor = "@every";

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    public static IReadOnlyList<string> Descriptors { get; } =
        ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    private const string CronosPrefix = "The given cron expression has an invalid format. ";

    /// <summary>The schedule of a job that passed validation.</summary>
    /// <exception cref="FormatException">The job's schedule or time zone is invalid; the message says why.</exception>
    public static IFireSchedule For(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!TimeZones.TryFind(job.TimeZone, out var zone, out var zoneError))
        {
            throw new FormatException($"job '{job.Name}': {zoneError}");
        }

        if (!TryParse(job.Schedule, zone, CronFields.Detect, out var schedule, out var error))
        {
            throw new FormatException($"job '{job.Name}': {error}");
        }

        return schedule;
    }

    /// <summary>
    /// Parses a schedule for <c>kcron next --expr</c>: <paramref name="withSeconds"/> asks for the 6-field cron form
    /// (seconds first); otherwise plain cron has 5 fields. Descriptors and <c>@every</c> are accepted either way.
    /// </summary>
    public static bool TryParse(
        string expression,
        TimeZoneInfo zone,
        bool withSeconds,
        [NotNullWhen(true)] out IFireSchedule? schedule,
        [NotNullWhen(false)] out string? error) =>
        TryParse(expression, zone, withSeconds ? CronFields.Six : CronFields.Five, out schedule, out error);

    internal static bool TryParse(
        string? expression,
        TimeZoneInfo zone,
        CronFields fields,
        [NotNullWhen(true)] out IFireSchedule? schedule,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(zone);
        schedule = null;
        var text = expression?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            error = "the schedule is empty";
            return false;
        }

        if (text.StartsWith('@'))
        {
            if (!TryParseDescriptor(text, zone, fields, out schedule, out error))
            {
                return false;
            }
        }
        else if (!TryParseCron(text, zone, fields, out schedule, out error))
        {
            return false;
        }

        // Cron has no year field, so anything that fires at all fires again within Cronos's range after 1970.
        if (schedule.NextAfter(DateTimeOffset.UnixEpoch) is null)
        {
            schedule = null;
            error = $"'{text}' never fires (a day that the month never has, such as February 30?)";
            return false;
        }

        return true;
    }

    private static bool TryParseDescriptor(
        string text,
        TimeZoneInfo zone,
        CronFields fields,
        [NotNullWhen(true)] out IFireSchedule? schedule,
        [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        var parts = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var descriptor = parts[0];
        if (descriptor.Equals(EveryDescriptor, StringComparison.OrdinalIgnoreCase))
        {
            return TryParseEvery(parts.Length > 1 ? parts[1] : string.Empty, text, zone, out schedule, out error);
        }

        var known = Descriptors.FirstOrDefault(d => d.Equals(descriptor, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            error = $"unknown descriptor '{descriptor}'; use one of {string.Join(", ", Descriptors)} or '@every <duration>'";
            return false;
        }

        if (parts.Length > 1)
        {
            error = $"'{known}' takes nothing after it, found '{parts[1]}'";
            return false;
        }

        var cron = CronExpression.Parse(known, fields == CronFields.Six ? CronFormat.IncludeSeconds : CronFormat.Standard);
        schedule = new CronFireSchedule(cron, zone, text);
        error = null;
        return true;
    }

    private static bool TryParseEvery(
        string interval,
        string text,
        TimeZoneInfo zone,
        [NotNullWhen(true)] out IFireSchedule? schedule,
        [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (interval.Length == 0)
        {
            error = "'@every' needs an interval, e.g. '@every 90s'";
            return false;
        }

        if (!DurationFormat.TryParse(interval, out var duration, out var durationError))
        {
            error = $"@every: {durationError}";
            return false;
        }

        if (duration < MinimumInterval)
        {
            error = $"@every: the interval must be at least {DurationFormat.Format(MinimumInterval)}, found '{interval}'";
            return false;
        }

        if (duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            error = $"@every: the interval must be a whole number of seconds, found '{interval}'";
            return false;
        }

        schedule = new IntervalFireSchedule(duration, zone, text);
        error = null;
        return true;
    }

    private static bool TryParseCron(
        string text,
        TimeZoneInfo zone,
        CronFields fields,
        [NotNullWhen(true)] out IFireSchedule? schedule,
        [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        var fieldTexts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var count = fieldTexts.Length;
        var format = (fields, count) switch
        {
            (CronFields.Detect or CronFields.Five, 5) => CronFormat.Standard,
            (CronFields.Detect or CronFields.Six, 6) => CronFormat.IncludeSeconds,
            _ => (CronFormat?)null,
        };
        if (format is null)
        {
            error = fields switch
            {
                CronFields.Five when count == 6 =>
                    $"'{text}' has 6 fields, but only the 5-field form (minute hour day-of-month month day-of-week) was asked for; the 6-field form with seconds must be asked for",
                CronFields.Five => $"'{text}' has {count} field(s); expected 5: minute hour day-of-month month day-of-week",
                CronFields.Six => $"'{text}' has {count} field(s); expected 6: second minute hour day-of-month month day-of-week",
                _ => $"'{text}' has {count} field(s); expected 5 (minute hour day-of-month month day-of-week) or 6 (second first)",
            };
            return false;
        }

        if (fieldTexts.Any(f => HashJitter().IsMatch(f)))
        {
            error = $"'{text}' uses 'H' (hashed jitter), which is not supported; write the values out";
            return false;
        }

        CronExpression cron;
        try
        {
            cron = CronExpression.Parse(text, format.Value);
        }
        catch (CronFormatException e)
        {
            error = $"invalid cron expression '{text}': {StripCronosPrefix(e.Message)}";
            return false;
        }

        schedule = new CronFireSchedule(cron, zone, text);
        error = null;
        return true;
    }

    private static string StripCronosPrefix(string message) =>
        message.StartsWith(CronosPrefix, StringComparison.Ordinal) ? message[CronosPrefix.Length..] : message;

    // An H that is not part of a month or weekday name (THU).
    [GeneratedRegex("(?<![A-Za-z])[Hh](?![A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex HashJitter();
}
