using System.Text;
using KafkaCron.WebConsole.Pages;
using Microsoft.AspNetCore.Http;

namespace KafkaCron.WebConsole.Api;

/// <summary>
/// The answers of the action endpoints, which serve two callers: scripts (JSON, RFC 7807 problem details) and the
/// pages' forms (a redirect back to the page with a notice, the login page, or an error page).
/// </summary>
internal static class Responses
{
    public const string NoticeParameter = "notice";

    /// <summary>
    /// A page's form, submitted by a browser (which asks for HTML). A script that posts form-encoded data
    /// (<c>curl -d ''</c>) asks for anything and gets JSON and status codes like any API caller.
    /// </summary>
    public static bool IsForm(HttpContext http) =>
        http.Request.HasFormContentType && http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Value == "text/html");

    public static IResult Problem(HttpContext http, int status, string title, string detail)
    {
        if (IsForm(http) || !WantsJson(http))
        {
            return ErrorPage(http, status, detail);
        }

        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"kcron console\"";
        }

        return Results.Problem(detail: detail, statusCode: status, title: title);
    }

    /// <summary>A refused action: a form goes to the login page when a login would help.</summary>
    public static async Task<IResult> RefusedAsync(HttpContext http, int status, string reason)
    {
        if (IsForm(http) && status == StatusCodes.Status401Unauthorized)
        {
            return SeeOther(http, "/login?returnUrl=" + Uri.EscapeDataString(await ReturnUrlAsync(http)));
        }

        var title = status switch
        {
            StatusCodes.Status401Unauthorized => "Unauthenticated",
            StatusCodes.Status403Forbidden => "Forbidden",
            _ => "Bad request",
        };
        return Problem(http, status, title, reason);
    }

    /// <summary>A done action: JSON for scripts; for forms, 303 back to the page they came from with the notice.</summary>
    public static async Task<IResult> DoneAsync<T>(HttpContext http, int status, T body, string notice)
    {
        if (!IsForm(http))
        {
            return Results.Json(body, statusCode: status);
        }

        return SeeOther(http, WithNotice(await ReturnUrlAsync(http), notice));
    }

    /// <summary>303: the browser follows with a GET, so a reload never posts the form again.</summary>
    public static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    public static string WithNotice(string path, string notice) =>
        $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{NoticeParameter}={Uri.EscapeDataString(notice)}";

    public static IResult Html(string document, int status = StatusCodes.Status200OK) =>
        Results.Content(document, "text/html; charset=utf-8", Encoding.UTF8, status);

    public static IResult ErrorPage(HttpContext http, int status, string message) =>
        Html(Layout.Page(PageFrames.Build(http, $"{status}", string.Empty, refresh: false), LoginPage.Error(status, message)), status);

    /// <summary>Where a form comes back to: its returnUrl when that is a path on this site, else the jobs list.</summary>
    public static async Task<string> ReturnUrlAsync(HttpContext http)
    {
        var candidate = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(http.RequestAborted))["returnUrl"].ToString() : string.Empty;
        return LocalPath(candidate);
    }

    /// <summary>Only a path of this site ("/x", not "//host" or "/\host"): a form must not redirect anywhere else.</summary>
    public static string LocalPath(string? candidate) =>
        candidate is { Length: > 0 } path && path[0] == '/' && (path.Length == 1 || (path[1] != '/' && path[1] != '\\'))
            ? path
            : "/";

    private static bool WantsJson(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal);
}
