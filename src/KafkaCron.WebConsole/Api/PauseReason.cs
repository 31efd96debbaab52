using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace KafkaCron.WebConsole.Api;

/// <summary>
/// Why a job is paused, as an action gives it: the page form's <c>reason</c> field, or <c>{"reason": "..."}</c> in a
/// JSON body. Optional; one line of at most <see cref="MaxLength"/> characters, since it goes on the control topic and
/// into every run record the pause withholds.
/// </summary>
internal static class PauseReason
{
    public const int MaxLength = 500;

    public static async Task<(string? Reason, string? Error)> ReadAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Request.HasFormContentType)
        {
            return Check((await http.Request.ReadFormAsync(http.RequestAborted))["reason"].ToString());
        }

        if (!http.Request.HasJsonContentType())
        {
            return (null, null);
        }

        try
        {
            return Check((await http.Request.ReadFromJsonAsync<PauseBody>(http.RequestAborted))?.Reason);
        }
        catch (JsonException ex)
        {
            return (null, $"the body must be JSON like {{\"reason\": \"db migration\"}}: {ex.Message}");
        }
    }

    /// <returns>The reason trimmed (null when empty), or why it cannot be taken.</returns>
    public static (string? Reason, string? Error) Check(string? text)
    {
        var reason = text?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return (null, null);
        }

        if (reason.Length > MaxLength)
        {
            return (null, $"'reason' must be at most {MaxLength} characters, not {reason.Length}");
        }

        return reason.Any(char.IsControl)
            ? (null, "'reason' must be one line of text, without control characters")
            : (reason, null);
    }
}
