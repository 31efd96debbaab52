using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace KafkaCron.WebConsole.Security;

/// <summary>
/// At most <see cref="PerMinute"/> login attempts a minute from one address (the proxy's client address when it is on
/// loopback, else the connection's); more get 429. Guessing a token of 16 or more random characters is hopeless
/// anyway: this keeps a guessing script from filling the log with refusals.
/// </summary>
internal static class LoginAttempts
{
    public const string PolicyName = "login";

    public const int PerMinute = 10;

    public static RateLimitPartition<string> Partition(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = PerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
