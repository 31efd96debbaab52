using System.Diagnostics.CodeAnalysis;
using KafkaCron.Core.Text;

namespace KafkaCron.Core.Scheduling;

/// <summary>Looks up the IANA time zones that schedules are read in.</summary>
public static class TimeZones
{
    /// <summary>
    /// Finds an IANA zone (from the system's tz database) by id. Windows ids are refused even where ICU could map
    /// them, so that a job file means the same on every machine.
    /// </summary>
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone, [NotNullWhen(false)] out string? error)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            error = "the time zone is empty; use an IANA id such as UTC or Europe/Berlin";
            return false;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            var suggestion = Suggestions.Closest(id, TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id));
            error = $"unknown time zone '{id}'" + (suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)")
                + "; use an IANA id such as UTC or Europe/Berlin";
            return false;
        }

        if (!found.HasIanaId)
        {
            error = TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana)
                ? $"'{id}' is a Windows time-zone id; use the IANA id '{iana}'"
                : $"'{id}' is not an IANA time-zone id; use one such as UTC or Europe/Berlin";
            return false;
        }

        zone = found;
        error = null;
        return true;
    }
}
