using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KafkaCron.WebConsole.Api;

/// <summary>Query-string values checked by hand, so a bad one gets a 400 whose message names it and says what fits.</summary>
internal static class QueryInput
{
    public static bool TryInt(string? text, string name, int min, int max, int fallback, out int value, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        error = $"'{name}' must be a whole number from {min} to {max}, not '{Shorten(text)}'";
        return false;
    }

    /// <summary>A cluster named in the query must be one the console knows (the job file's or --cluster).</summary>
    public static bool TryCluster(string? text, IReadOnlyList<string> known, out string? cluster, [NotNullWhen(false)] out string? error)
    {
        error = null;
        cluster = string.IsNullOrEmpty(text) ? null : text;
        if (cluster is null || known.Contains(cluster, StringComparer.Ordinal))
        {
            return true;
        }

        error = $"'cluster' must be one of the console's clusters ({(known.Count == 0 ? "none known" : string.Join(", ", known))}), not '{Shorten(text!)}'";
        return false;
    }

    /// <summary>A value echoed in a message is cut short: the message must stay one line.</summary>
    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
