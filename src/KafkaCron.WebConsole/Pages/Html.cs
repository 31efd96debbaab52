using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace KafkaCron.WebConsole.Pages;

/// <summary>
/// Encoding and formatting for the pages. Every piece of text that did not come from this assembly (job names,
/// commands, job output, dead-letter details) goes through <see cref="E"/>: job output is untrusted input.
/// </summary>
internal static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Text made safe for element content and for quoted attribute values.</summary>
    public static string E(string? text) => text is null ? string.Empty : Encoder.Encode(text);

    /// <summary>A path segment (a job name in a link).</summary>
    public static string Segment(string text) => Uri.EscapeDataString(text);

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } instant
        ? $"<time datetime=\"{instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}\">{instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z</time>"
        : "\u2014";

    /// <summary>"in 4m 10s" or "3h 2m ago": how far an instant is from now, to the two largest units.</summary>
    public static string Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        var text = Span(span.Duration());
        return span >= TimeSpan.Zero ? "in " + text : text + " ago";
    }

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "\u2014",
        { TotalSeconds: < 10 } d => d.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s",
        { TotalMinutes: < 1 } d => d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
        { } d => Span(d),
    };

    private static string Span(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => "0s",
        { TotalMinutes: < 1 } s => $"{s.Seconds}s",
        { TotalHours: < 1 } s => $"{s.Minutes}m {s.Seconds}s",
        { TotalDays: < 1 } s => $"{s.Hours}h {s.Minutes}m",
        { } s => $"{(int)s.TotalDays}d {s.Hours}h",
    };
}
