using KafkaCron.Core.Telemetry;
using KafkaCron.WebConsole.Api;
using KafkaCron.WebConsole.Jobs;
using KafkaCron.WebConsole.Security;
using KafkaCron.WebConsole.Status;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole.Pages;

/// <summary>
/// The pages: each handler reads through <see cref="ConsoleReader"/> or <see cref="StatusReader"/> and renders with
/// the pure page classes. A request with <c>X-Kcron-Fragment: 1</c> (the refresh script) gets the content only.
/// </summary>
internal static class PageEndpoints
{
    public const string FragmentHeader = "X-Kcron-Fragment";

    public static void MapKcronPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", JobsAsync).ExcludeFromDescription();
        app.MapGet("/jobs/{name}", JobAsync).ExcludeFromDescription();
        app.MapGet("/dead-letters", DeadLettersAsync).ExcludeFromDescription();
        app.MapGet("/status", StatusAsync).ExcludeFromDescription();
        app.MapGet("/login", Login).ExcludeFromDescription();
        app.MapPost("/login", LogInAsync).RequireRateLimiting(Security.LoginAttempts.PolicyName).ExcludeFromDescription();
        app.MapPost("/logout", LogOutAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> JobsAsync(HttpContext http, ConsoleReader reader, IOptions<ConsoleOptions> options, string? q, string? cluster,
        string? page)
    {
        var catalog = reader.Catalog;
        if (!QueryInput.TryInt(page, "page", 1, int.MaxValue, 1, out var pageNumber, out var error)
            || !QueryInput.TryCluster(cluster, catalog.Clusters, out var clusterName, out error))
        {
            return Responses.ErrorPage(http, StatusCodes.Status400BadRequest, error);
        }

        var list = await reader.JobsAsync(new JobQuery(q?.Trim() ?? string.Empty, clusterName, pageNumber, options.Value.PageSize), http.RequestAborted);
        var frame = PageFrames.Build(http, "Jobs", "jobs");
        return Render(http, frame, JobsPage.Fragment(list, catalog, frame, reader.Window));
    }

    private static async Task<IResult> JobAsync(string name, HttpContext http, ConsoleReader reader, IOptions<ConsoleOptions> options)
    {
        var details = await reader.JobAsync(name, options.Value.PageSize, http.RequestAborted);
        if (details is null)
        {
            return Responses.ErrorPage(http, StatusCodes.Status404NotFound, $"The job file has no job '{name}'.");
        }

        var frame = PageFrames.Build(http, name, "jobs");
        return Render(http, frame, JobPage.Fragment(details, frame, reader.Window));
    }

    private static async Task<IResult> DeadLettersAsync(HttpContext http, ConsoleReader reader, IOptions<ConsoleOptions> options, string? cluster)
    {
        var clusters = reader.Catalog.Clusters;
        if (!QueryInput.TryCluster(cluster, clusters, out var clusterName, out var error))
        {
            return Responses.ErrorPage(http, StatusCodes.Status400BadRequest, error);
        }

        clusterName ??= clusters.Count > 0 ? clusters[0] : null;
        IReadOnlyList<DeadLetters.DeadLetterRow> rows = [];
        string? unavailable = null;
        if (clusterName is not null)
        {
            try
            {
                rows = await reader.DeadLettersAsync(clusterName, http.RequestAborted);
            }
            catch (BackendUnavailableException ex)
            {
                unavailable = ex.Message;
            }
        }

        var frame = PageFrames.Build(http, "Dead letters", "dead-letters");
        return Render(http, frame, DeadLettersPage.Fragment(clusterName, clusters, rows, unavailable, options.Value.DeadLettersPerPartition, frame));
    }

    private static async Task<IResult> StatusAsync(HttpContext http, StatusReader status)
    {
        var read = await status.ReadAsync(http.RequestAborted);
        var frame = PageFrames.Build(http, "Cluster status", "status");
        return Render(http, frame, StatusPage.Fragment(read, frame));
    }

    private static IResult Login(HttpContext http, string? returnUrl)
    {
        var frame = PageFrames.Build(http, "Log in", string.Empty, refresh: false);
        return Render(http, frame, LoginPage.Fragment(frame, Responses.LocalPath(returnUrl), null));
    }

    private static async Task<IResult> LogInAsync(HttpContext http, AdminGate gate, AdminSession session, IAntiforgery antiforgery,
        KafkaCronMetrics metrics, ILogger<AdminGate> logger)
    {
        var returnUrl = await Responses.ReturnUrlAsync(http);
        if (!gate.Enabled)
        {
            return Responses.ErrorPage(http, StatusCodes.Status403Forbidden, AdminGate.Disabled);
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            Count(metrics, "csrf");
            return Responses.ErrorPage(http, StatusCodes.Status400BadRequest, "The login form lacks a valid antiforgery (CSRF) token; reload it and try again.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!gate.TokenMatches(form["token"].ToString()))
        {
            ConsoleLog.LoginRefused(logger, http.Connection.RemoteIpAddress?.ToString());
            Count(metrics, "forbidden");
            var frame = PageFrames.Build(http, "Log in", string.Empty, refresh: false);
            return Responses.Html(Layout.Page(frame, LoginPage.Fragment(frame, returnUrl, "Wrong admin token.")), StatusCodes.Status403Forbidden);
        }

        var until = session.Start(http);
        var remote = http.Connection.RemoteIpAddress?.ToString();
        ConsoleLog.LoggedIn(logger, remote, until);
        Count(metrics, "done");
        return Responses.SeeOther(http, Responses.WithNotice(returnUrl, Notices.LoggedIn));
    }

    private static async Task<IResult> LogOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Responses.ErrorPage(http, StatusCodes.Status400BadRequest, "The form lacks a valid antiforgery (CSRF) token; reload the page and try again.");
        }

        AdminSession.End(http);
        return Responses.SeeOther(http, Responses.WithNotice("/", Notices.LoggedOut));
    }

    private static void Count(KafkaCronMetrics metrics, string result) =>
        metrics.ConsoleActions.Add(1, new KeyValuePair<string, object?>(MetricTags.Action, "login"), new KeyValuePair<string, object?>(MetricTags.Result, result));

    /// <summary>The whole page, or only its content for the refresh script; never cached, since it is live state.</summary>
    private static IResult Render(HttpContext http, PageFrame frame, string fragment)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Vary = FragmentHeader;
        if (http.Request.Headers[FragmentHeader] == "1")
        {
            http.Response.Headers[FragmentHeader] = "1";
            return Responses.Html(fragment);
        }

        return Responses.Html(Layout.Page(frame, fragment));
    }
}
