using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole.Security;

/// <summary>
/// The login cookie: its value is the session's end, encrypted and signed with the console's data-protection keys,
/// so it can be neither read nor forged nor stretched. HttpOnly (no script reads it), SameSite=Strict (no other
/// site's page sends it), Secure whenever the request came over TLS (also behind a proxy that says so).
/// </summary>
internal sealed class AdminSession(IDataProtectionProvider protection, IOptions<ConsoleOptions> options, TimeProvider time)
{
    public const string CookieName = "kcron_session";

    private readonly IDataProtector _protector = protection.CreateProtector("KafkaCron.WebConsole.AdminSession.v1");

    public DateTimeOffset Start(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var until = time.GetUtcNow().AddHours(options.Value.SessionHours);
        context.Response.Cookies.Append(CookieName, _protector.Protect(until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
                Expires = until,
                IsEssential = true,
            });
        return until;
    }

    public static void End(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict, HttpOnly = true });
    }

    public static bool Present(HttpContext context) => context.Request.Cookies.ContainsKey(CookieName);

    /// <summary>True when the request carries a cookie this console issued and it has not expired.</summary>
    public bool IsValid(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return false;
        }

        try
        {
            return long.TryParse(_protector.Unprotect(value), NumberStyles.None, CultureInfo.InvariantCulture, out var untilMs)
                && DateTimeOffset.FromUnixTimeMilliseconds(untilMs) > time.GetUtcNow();
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
