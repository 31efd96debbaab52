namespace KafkaCron.WebConsole.Pages;

/// <summary>What every page needs besides its own content: the visitor's standing and the console's settings.</summary>
/// <param name="Nav">The navigation entry to mark as current: <c>jobs</c>, <c>dead-letters</c>, <c>status</c> or empty.</param>
/// <param name="ActionsEnabled">False when the console has no admin token file.</param>
/// <param name="LoggedIn">The visitor holds a valid login.</param>
/// <param name="CsrfToken">The antiforgery token the forms carry; empty when the page has no forms.</param>
/// <param name="ReturnUrl">This page's path and query, where an action's form comes back to.</param>
/// <param name="Notice">A message about the last action (already words, from this assembly), or null.</param>
internal sealed record PageFrame(
    string Title,
    string Nav,
    bool ActionsEnabled,
    bool LoggedIn,
    string CsrfFieldName,
    string CsrfToken,
    string ReturnUrl,
    int RefreshSeconds,
    DateTimeOffset Now,
    string? Notice = null)
{
    public bool CanAct => ActionsEnabled && LoggedIn;
}
