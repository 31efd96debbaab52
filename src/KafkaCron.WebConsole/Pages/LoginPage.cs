using System.Text;

namespace KafkaCron.WebConsole.Pages;

/// <summary>The login form: the admin token in a password field, posted with the antiforgery token.</summary>
internal static class LoginPage
{
    public static string Fragment(PageFrame frame, string returnUrl, string? error)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var html = new StringBuilder("<h1>Log in</h1>\n");
        if (!frame.ActionsEnabled)
        {
            return html.Append("<p class=\"warning\">").Append(Html.E(Security.AdminGate.Disabled)).Append(".</p>\n").ToString();
        }

        if (error is not null)
        {
            html.Append("<p class=\"warning\" role=\"alert\">\u26A0 ").Append(Html.E(error)).Append("</p>\n");
        }

        return html.Append("<form method=\"post\" action=\"/login\" class=\"login\">").Append(Layout.Csrf(frame))
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(Html.E(returnUrl)).Append("\">")
            .Append("<label for=\"token\">Admin token</label> <input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"current-password\" required>")
            .Append(" <button type=\"submit\" class=\"primary\">Log in</button></form>\n")
            .Append("<p class=\"muted\">The token is the first line of the file given to --admin-token-file. The login lasts a few hours, in an HttpOnly cookie only this site receives.</p>\n")
            .ToString();
    }

    public static string Error(int status, string message) =>
        $"<h1>{status}</h1>\n<p class=\"warning\" role=\"alert\">{Html.E(message)}</p>\n<p><a href=\"/\">Back to the jobs</a></p>\n";
}
