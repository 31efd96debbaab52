namespace KafkaCron.WebConsole.Security;

/// <summary>The gate's answer for one action request.</summary>
/// <param name="Status">200 when allowed; else 401, 403 or 400 (a cookie request without its CSRF token).</param>
/// <param name="Credential">What let the request through: <c>bearer</c> or <c>session</c>; null when refused.</param>
/// <param name="Reason">Why it was refused, for the response and the log.</param>
internal sealed record AdminCheck(int Status, string? Credential, string? Reason)
{
    public bool Allowed => Status == 200;
}
