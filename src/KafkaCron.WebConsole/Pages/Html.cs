using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using KafkaCron.Core.Runs;

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

    /// <summary>An instant of a run as <c>kcron history</c> writes it (<see cref="RunText.Instant"/>: UTC, milliseconds).</summary>
    public static string Instant(DateTimeOffset at) =>
        $"<time datetime=\"{at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}\">{RunText.Instant(at)}</time>";

    /// <summary>"in 4m 10s" or "3h 2m ago": how far an instant is from now, to the two largest units.</summary>
    public static string Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        var text = Span(span.Duration());
        return span >= TimeSpan.Zero ? "in " + text : text + " ago";
    }

    private static string Span(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => "0s",
        { TotalMinutes: < 1 } s => $"{s.Seconds}s",
        { TotalHours: < 1 } s => $"{s.Minutes}m {s.Seconds}s",
        { TotalDays: < 1 } s => $"{s.Hours}h {s.Minutes}m",
        { } s => $"{(int)s.TotalDays}d {s.Hours}h",
    };
}
