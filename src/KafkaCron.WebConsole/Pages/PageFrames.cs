using KafkaCron.WebConsole.Api;
using KafkaCron.WebConsole.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole.Pages;

/// <summary>Builds a page's <see cref="PageFrame"/> from the request: login state, antiforgery token, refresh, notice.</summary>
internal static class PageFrames
{
    public static PageFrame Build(HttpContext http, string title, string nav, bool refresh = true)
    {
        ArgumentNullException.ThrowIfNull(http);
        var services = http.RequestServices;
        var gate = services.GetRequiredService<AdminGate>();
        var tokens = services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var options = services.GetRequiredService<IOptions<ConsoleOptions>>().Value;
        var notice = http.Request.Query[Responses.NoticeParameter].ToString();
        return new PageFrame(
            title,
            nav,
            gate.Enabled,
            gate.IsLoggedIn(http),
            tokens.FormFieldName,
            tokens.RequestToken ?? string.Empty,
            ReturnUrl(http),
            refresh ? options.RefreshSeconds : 0,
            services.GetRequiredService<TimeProvider>().GetUtcNow(),
            Notices.IsOurs(notice) ? notice : null);
    }

    /// <summary>This page's path and query without the notice, so an action comes back to the same view.</summary>
    private static string ReturnUrl(HttpContext http)
    {
        var query = string.Join('&', http.Request.Query
            .Where(q => q.Key != Responses.NoticeParameter)
            .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? string.Empty))));
        return http.Request.Path.Value + (query.Length == 0 ? string.Empty : "?" + query);
    }
}
