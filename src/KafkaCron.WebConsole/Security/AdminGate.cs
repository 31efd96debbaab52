using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KafkaCron.WebConsole.Security;

/// <summary>
/// Decides whether a request may act. Reading needs nothing; every action needs the admin token, either as
/// <c>Authorization: Bearer</c> (scripts; browsers never add that header by themselves, so no CSRF check) or as the
/// login cookie plus an antiforgery token (the pages' forms). No token: 401. A wrong token: 403. No token file:
/// 403, actions disabled. Every refusal is logged with the caller's address.
/// </summary>
internal sealed class AdminGate(AdminToken? token, AdminSession session, IAntiforgery antiforgery, ILogger<AdminGate> logger)
{
    public const string BearerCredential = "bearer";
    public const string SessionCredential = "session";
    public const string Disabled = "actions are disabled: this console was started without --admin-token-file";

    private const string BearerPrefix = "Bearer ";

    public bool Enabled => token is not null;

    public async Task<AdminCheck> CheckAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var check = await DecideAsync(context);
        if (!check.Allowed)
        {
            ConsoleLog.ActionRefused(logger, context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress?.ToString(),
                check.Status, check.Reason ?? "refused");
        }

        return check;
    }

    /// <summary>The login form's check: true only when a token file is set and the candidate is its token.</summary>
    public bool TokenMatches(string? candidate) => token?.Matches(candidate) == true;

    /// <summary>Whether a page should offer its action buttons as usable.</summary>
    public bool IsLoggedIn(HttpContext context) => token is not null && session.IsValid(context);

    private async Task<AdminCheck> DecideAsync(HttpContext context)
    {
        if (token is null)
        {
            return new AdminCheck(StatusCodes.Status403Forbidden, null, Disabled);
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return new AdminCheck(StatusCodes.Status401Unauthorized, null, "the Authorization header must be 'Bearer <admin token>'");
            }

            return token.Matches(authorization[BearerPrefix.Length..].Trim())
                ? new AdminCheck(StatusCodes.Status200OK, BearerCredential, null)
                : new AdminCheck(StatusCodes.Status403Forbidden, null, "wrong admin token");
        }

        if (!session.IsValid(context))
        {
            return new AdminCheck(StatusCodes.Status401Unauthorized, null, AdminSession.Present(context)
                ? "the login has expired; log in again at /login"
                : "an admin token is needed: 'Authorization: Bearer <token>', or log in at /login");
        }

        return await antiforgery.IsRequestValidAsync(context)
            ? new AdminCheck(StatusCodes.Status200OK, SessionCredential, null)
            : new AdminCheck(StatusCodes.Status400BadRequest, null, "the request lacks a valid antiforgery (CSRF) token; reload the page and try again");
    }
}
