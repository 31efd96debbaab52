using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using KafkaCron.WebConsole.Tests.Infrastructure;

namespace KafkaCron.WebConsole.Tests.Api;

/// <summary>The login cookie and the antiforgery check, as a browser's forms use them, without a browser.</summary>
public sealed partial class SessionTests : IAsyncLifetime, IDisposable
{
    private readonly TestFiles _files = new();
    private readonly ConsoleKafka _kafka = ConsoleKafka.Start("cluster-a", "cluster-b");
    private ConsoleServer _console = null!;

    public async Task InitializeAsync() =>
        _console = await ConsoleServer.StartAsync(new ConsoleSetup { BootstrapServers = _kafka.BootstrapServers, JobsFile = _files.JobsFile, TokenFile = _files.TokenFile });

    public async Task DisposeAsync() => await _console.DisposeAsync();

    public void Dispose()
    {
        _kafka.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Login_RightToken_SetsAStrictHttpOnlyCookieThatLetsFormsAct()
    {
        var (cookies, csrf) = await FormTokensAsync("/login");
        using var login = await PostFormAsync("/login", cookies, ("__RequestVerificationToken", csrf), ("token", TestFiles.Token), ("returnUrl", "/jobs/heartbeat"));

        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        Assert.Equal("/jobs/heartbeat?notice=Logged%20in", login.Headers.Location?.ToString());
        var session = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kcron_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);

        cookies = cookies + "; " + session.Split(';')[0];
        using var trigger = await PostFormAsync("/api/v1/jobs/heartbeat/trigger", cookies, ("__RequestVerificationToken", csrf), ("returnUrl", "/jobs/heartbeat"));

        Assert.Equal(HttpStatusCode.SeeOther, trigger.StatusCode);
        Assert.StartsWith("/jobs/heartbeat?notice=Triggered%20heartbeat", trigger.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(["heartbeat"], _kafka.Fires("cluster-a").Select(f => f.Job));
        Assert.Contains(_console.Log.Lines, l => l.EventId == 7011 && l.Message.Contains("(session)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PauseForm_WithReason_WrittenAndBackToThePageWithTheNotice()
    {
        var (cookies, csrf, session) = await LogInAsync();

        using var pause = await PostFormAsync("/api/v1/jobs/report/pause", cookies + "; " + session,
            ("__RequestVerificationToken", csrf), ("returnUrl", "/jobs/report"), ("reason", "  quarter closing  "));

        Assert.Equal(HttpStatusCode.SeeOther, pause.StatusCode);
        Assert.StartsWith("/jobs/report?notice=Paused%20report%20as%20console%40", pause.Headers.Location?.ToString(), StringComparison.Ordinal);
        var written = Assert.Single(_kafka.Pauses());
        Assert.Equal(("report", true, "quarter closing"), (written.Job, written.Paused, written.Reason));
    }

    [Fact]
    public async Task Action_CookieWithoutAntiforgeryToken_400AndNothingDone()
    {
        var (cookies, _, session) = await LogInAsync();

        using var forged = await PostFormAsync("/api/v1/jobs/heartbeat/trigger", cookies + "; " + session, ("returnUrl", "/"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Empty(_kafka.Fires("cluster-a"));
        Assert.Contains(_console.Log.Lines, l => l.EventId == 7010 && l.Message.Contains("antiforgery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_WrongToken_403LoggedAndNoCookie()
    {
        var (cookies, csrf) = await FormTokensAsync("/login");

        using var login = await PostFormAsync("/login", cookies, ("__RequestVerificationToken", csrf), ("token", "not-the-admin-token"));

        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.DoesNotContain(login.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("kcron_session=", StringComparison.Ordinal));
        Assert.Contains(_console.Log.Lines, l => l.EventId == 7012);
    }

    [Fact]
    public async Task Action_FormWithoutLogin_GoesToTheLoginPage()
    {
        using var refused = await PostFormAsync("/api/v1/jobs/heartbeat/trigger", cookies: null, ("returnUrl", "/jobs/heartbeat"));

        Assert.Equal(HttpStatusCode.SeeOther, refused.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fjobs%2Fheartbeat", refused.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Action_ScriptPostingFormDataWithBearer_GetsJson()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/jobs/heartbeat/trigger", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestFiles.Token);

        using var response = await _console.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Login_TooManyAttemptsFromOneAddress_429()
    {
        var (cookies, csrf) = await FormTokensAsync("/login");
        for (var i = 0; i < WebConsole.Security.LoginAttempts.PerMinute; i++)
        {
            using var refused = await PostFormAsync("/login", cookies, ("__RequestVerificationToken", csrf), ("token", "not-the-admin-token"));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var limited = await PostFormAsync("/login", cookies, ("__RequestVerificationToken", csrf), ("token", TestFiles.Token));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    /// <summary>Logs in through the form: the page's cookies, its antiforgery token and the session cookie.</summary>
    private async Task<(string Cookies, string Csrf, string Session)> LogInAsync()
    {
        var (cookies, csrf) = await FormTokensAsync("/login");
        using var login = await PostFormAsync("/login", cookies, ("__RequestVerificationToken", csrf), ("token", TestFiles.Token));
        return (cookies, csrf, login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kcron_session=", StringComparison.Ordinal)).Split(';')[0]);
    }

    private async Task<(string Cookies, string Csrf)> FormTokensAsync(string path)
    {
        using var page = await _console.Client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        return (cookies, CsrfField().Match(html).Groups["token"].Value);
    }

    /// <summary>A form post as a browser sends it: form-encoded, asking for HTML.</summary>
    private Task<HttpResponseMessage> PostFormAsync(string path, string? cookies, params (string Name, string Value)[] fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }

        return _console.Client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex CsrfField();
}
