using System.Text;

namespace KafkaCron.WebConsole.Pages;

/// <summary>
/// The page around each fragment: navigation, login state, the one script and style sheet of the console. The
/// fragment sits in <c>main#content</c>, which the script swaps for a fresh copy every few seconds; with scripts
/// off, a <c>noscript</c> refresh reloads the page instead.
/// </summary>
internal static class Layout
{
    public static string Page(PageFrame frame, string fragment)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var html = new StringBuilder(fragment.Length + 2048);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.E(frame.Title)).Append(" \u00B7 kcron console</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"/assets/console.css\">\n")
            .Append("<script src=\"/assets/console.js\" defer></script>\n");
        if (frame.RefreshSeconds > 0)
        {
            html.Append("<noscript><meta http-equiv=\"refresh\" content=\"").Append(frame.RefreshSeconds * 3).Append("\"></noscript>\n");
        }

        html.Append("</head>\n<body>\n<header>\n<a class=\"brand\" href=\"/\">kcron console</a>\n<nav>");
        NavLink(html, frame, "jobs", "/", "Jobs");
        NavLink(html, frame, "dead-letters", "/dead-letters", "Dead letters");
        NavLink(html, frame, "status", "/status", "Cluster status");
        html.Append("</nav>\n<div class=\"who\">");
        if (!frame.ActionsEnabled)
        {
            html.Append("<span class=\"readonly\" title=\"").Append(Html.E(Security.AdminGate.Disabled)).Append("\">read-only: actions disabled</span>");
        }
        else if (frame.LoggedIn)
        {
            html.Append("<form method=\"post\" action=\"/logout\">").Append(Csrf(frame))
                .Append("<span class=\"admin\">admin</span> <button type=\"submit\" class=\"link\">Log out</button></form>");
        }
        else
        {
            html.Append("<a href=\"/login?returnUrl=").Append(Html.E(Uri.EscapeDataString(frame.ReturnUrl))).Append("\">Log in</a> to act");
        }

        html.Append("</div>\n</header>\n<main id=\"content\" data-refresh=\"").Append(frame.RefreshSeconds).Append("\">\n")
            .Append(fragment)
            .Append("</main>\n<footer>Read from Kafka, ZooKeeper and the job file at ").Append(Html.Time(frame.Now))
            .Append("; the console keeps nothing of its own. <a href=\"/openapi/v1.json\">API</a></footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The hidden field of the antiforgery token every form posts.</summary>
    public static string Csrf(PageFrame frame) =>
        $"<input type=\"hidden\" name=\"{Html.E(frame.CsrfFieldName)}\" value=\"{Html.E(frame.CsrfToken)}\">";

    /// <summary>A form that posts one action and comes back to this page.</summary>
    /// <param name="fields">Markup of the form's own inputs, put before its button (the console's own, never untrusted text).</param>
    public static string ActionButton(PageFrame frame, string action, string label, string cssClass, string? disabledReason, string fields = "")
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (disabledReason is not null)
        {
            return $"<button type=\"button\" class=\"{cssClass}\" disabled title=\"{Html.E(disabledReason)}\">{Html.E(label)}</button>";
        }

        return $"<form method=\"post\" action=\"{Html.E(action)}\" class=\"action\">{Csrf(frame)}"
            + $"<input type=\"hidden\" name=\"returnUrl\" value=\"{Html.E(frame.ReturnUrl)}\">"
            + $"{fields}<button type=\"submit\" class=\"{cssClass}\">{Html.E(label)}</button></form>";
    }

    /// <summary>Why the actions of a page cannot be used, in one line; null when they can.</summary>
    public static string? WhyNoActions(PageFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return !frame.ActionsEnabled ? Security.AdminGate.Disabled : !frame.LoggedIn ? "log in with the admin token to act" : null;
    }

    public static string Notices(PageFrame frame, IEnumerable<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var html = new StringBuilder();
        if (frame.Notice is { } notice)
        {
            html.Append("<p class=\"notice\" role=\"status\">").Append(Html.E(notice)).Append("</p>\n");
        }

        foreach (var warning in warnings)
        {
            html.Append("<p class=\"warning\" role=\"alert\">\u26A0 ").Append(Html.E(warning)).Append("</p>\n");
        }

        return html.ToString();
    }

    private static void NavLink(StringBuilder html, PageFrame frame, string key, string href, string label) =>
        html.Append("<a href=\"").Append(href).Append('"').Append(frame.Nav == key ? " aria-current=\"page\"" : string.Empty)
            .Append('>').Append(label).Append("</a>");
}
