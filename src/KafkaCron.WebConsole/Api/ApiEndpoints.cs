using KafkaCron.Core.Telemetry;
using KafkaCron.WebConsole.Jobs;
using KafkaCron.WebConsole.Pages;
using KafkaCron.WebConsole.Security;
using KafkaCron.WebConsole.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole.Api;

/// <summary>
/// <c>/api/v1</c>: thin handlers over <see cref="ConsoleReader"/> and <see cref="ConsoleActions"/>. Unknown job 404,
/// bad input 400 naming it, Kafka or ZooKeeper not answering 503, all as problem details.
/// </summary>
internal static class ApiEndpoints
{
    /// <summary>Where an allowed action keeps what let it through (bearer or session), for its log line.</summary>
    private const string CredentialKey = "kcron.credential";

    public static void MapKcronApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("kcron").AddEndpointFilter(MapFailures);
        api.MapGet("/jobs", ListJobsAsync).WithName("ListJobs").WithSummary("The jobs of the job file: next fire, paused, last run.")
            .Produces<JobsResponse>().ProducesProblem(400).ProducesProblem(503);
        api.MapGet("/jobs/{name}/runs", ListRunsAsync).WithName("ListRuns").WithSummary("A job's latest runs, newest first, with output tails.")
            .Produces<RunsResponse>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);
        api.MapGet("/dead-letters", ListDeadLettersAsync).WithName("ListDeadLetters").WithSummary("The newest dead letters, newest first.")
            .Produces<DeadLettersResponse>().ProducesProblem(400).ProducesProblem(503);
        api.MapGet("/status", ReadStatusAsync).WithName("ReadStatus").WithSummary("Scheduler leader, epoch, standbys, checkpoint; lag and workers per cluster.")
            .Produces<StatusResponse>().ProducesProblem(503);
        api.MapPost("/jobs/{name}/trigger", TriggerAsync).WithName("TriggerJob")
            .WithSummary("Publish a manual fire of the job now, as kcron trigger does: workers admit it under the job's overlap policy.")
            .Produces<TriggerResponse>(202).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(503);
        api.MapPost("/jobs/{name}/pause", PauseAsync).WithName("PauseJob")
            .WithSummary("Withhold the job's fires, cluster-wide, until resumed, as kcron pause does; an optional reason says why.")
            .Accepts<PauseBody>(isOptional: true, "application/json", "application/x-www-form-urlencoded")
            .Produces<PauseResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(503);
        api.MapPost("/jobs/{name}/resume", ResumeAsync).WithName("ResumeJob")
            .WithSummary("Publish the job's fires again, as kcron resume does; a job that is not paused is left alone.")
            .Produces<PauseResponse>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(503);
        api.MapPost("/dead-letters/{id}/replay", ReplayAsync).WithName("ReplayDeadLetter")
            .WithSummary("Put a dead-lettered fire back on its jobs topic as a first attempt.")
            .Produces<ReplayResponse>(202).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(503);
    }

    private static async ValueTask<object?> MapFailures(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (BackendUnavailableException ex)
        {
            ConsoleLog.BackendUnavailable(Logger(context.HttpContext), ex.Backend, context.HttpContext.Request.Path, ex.Message);
            if (HttpMethods.IsPost(context.HttpContext.Request.Method))
            {
                Count(context.HttpContext, "failed");
            }

            return Responses.Problem(context.HttpContext, StatusCodes.Status503ServiceUnavailable, $"{ex.Backend} unavailable", ex.Message);
        }
    }

    private static async Task<IResult> ListJobsAsync(HttpContext http, ConsoleReader reader, IOptions<ConsoleOptions> options, string? q, string? cluster,
        string? page, string? pageSize)
    {
        var size = options.Value.PageSize;
        if (!QueryInput.TryInt(page, "page", 1, int.MaxValue, 1, out var pageNumber, out var error)
            || !QueryInput.TryInt(pageSize, "pageSize", 1, size, size, out var rows, out error)
            || !QueryInput.TryCluster(cluster, reader.Catalog.Clusters, out var clusterName, out error))
        {
            return BadRequest(http, error);
        }

        var list = await reader.JobsAsync(new JobQuery(q ?? string.Empty, clusterName, pageNumber, rows), http.RequestAborted);
        if (list.Warnings.Count > 0)
        {
            return Responses.Problem(http, StatusCodes.Status503ServiceUnavailable, "Kafka unavailable", string.Join("; ", list.Warnings));
        }

        return Results.Ok(new JobsResponse(list.Jobs.Select(JobItem.From).ToList(), pageNumber, rows, list.Matching, list.Total));
    }

    private static async Task<IResult> ListRunsAsync(string name, HttpContext http, ConsoleReader reader, IOptions<ConsoleOptions> options, string? limit)
    {
        if (!QueryInput.TryInt(limit, "limit", 1, options.Value.PageSize, options.Value.PageSize, out var count, out var error))
        {
            return BadRequest(http, error);
        }

        var details = await reader.JobAsync(name, count, http.RequestAborted);
        if (details is null)
        {
            return UnknownJob(http, name);
        }

        if (details.Warnings.Count > 0)
        {
            return Responses.Problem(http, StatusCodes.Status503ServiceUnavailable, "Kafka unavailable", string.Join("; ", details.Warnings));
        }

        return Results.Ok(new RunsResponse(details.Job.Name, details.Job.Cluster, details.Runs.Select(r => RunItem.From(r, withOutput: true)).ToList()));
    }

    private static async Task<IResult> ListDeadLettersAsync(HttpContext http, ConsoleReader reader, string? cluster)
    {
        var known = reader.Catalog.Clusters;
        if (!QueryInput.TryCluster(cluster, known, out var clusterName, out var error))
        {
            return BadRequest(http, error);
        }

        var rows = new List<DeadLetters.DeadLetterRow>();
        foreach (var name in clusterName is null ? known : [clusterName])
        {
            rows.AddRange(await reader.DeadLettersAsync(name, http.RequestAborted));
        }

        return Results.Ok(new DeadLettersResponse(rows));
    }

    private static async Task<IResult> ReadStatusAsync(HttpContext http, StatusReader status)
    {
        var read = await status.ReadAsync(http.RequestAborted);
        if (StatusReader.KafkaUnavailable(read))
        {
            return Responses.Problem(http, StatusCodes.Status503ServiceUnavailable, "Kafka unavailable", read.Clusters[0].Error!);
        }

        return Results.Ok(StatusResponse.From(read));
    }

    private static async Task<IResult> TriggerAsync(string name, HttpContext http, AdminGate gate, ConsoleReader reader, ConsoleActions actions)
    {
        if (await RefuseAsync(http, gate, "trigger") is { } refused)
        {
            return refused;
        }

        if (reader.Catalog.Find(name) is not { } job)
        {
            return UnknownJob(http, name);
        }

        var manual = await actions.TriggerAsync(job, http.RequestAborted);
        var answer = TriggerResponse.From(job, manual);
        Done(http, "trigger", name, $"manual fire {answer.FireId} at {answer.Topic} [{answer.Partition}] @{answer.Offset}");
        return await Responses.DoneAsync(http, StatusCodes.Status202Accepted, answer, Notices.Triggered(job, answer.FireId));
    }

    private static async Task<IResult> PauseAsync(string name, HttpContext http, AdminGate gate, ConsoleReader reader, ConsoleActions actions)
    {
        if (await RefuseAsync(http, gate, "pause") is { } refused)
        {
            return refused;
        }

        if (reader.Catalog.Find(name) is null)
        {
            return UnknownJob(http, name);
        }

        var (reason, error) = await PauseReason.ReadAsync(http);
        if (error is not null)
        {
            return BadRequest(http, error);
        }

        var change = await actions.PauseAsync(name, reason, http.RequestAborted);
        Done(http, "pause", name, change.Written!.Describe());
        return await Responses.DoneAsync(http, StatusCodes.Status200OK, PauseResponse.From(change), Notices.Paused(change));
    }

    private static async Task<IResult> ResumeAsync(string name, HttpContext http, AdminGate gate, ConsoleReader reader, ConsoleActions actions)
    {
        if (await RefuseAsync(http, gate, "resume") is { } refused)
        {
            return refused;
        }

        if (reader.Catalog.Find(name) is not { } job)
        {
            return UnknownJob(http, name);
        }

        var change = await actions.ResumeAsync(name, http.RequestAborted);
        Done(http, "resume", name, change.Written is { } written ? written.Describe() : "not paused, nothing written");
        return await Responses.DoneAsync(http, StatusCodes.Status200OK, PauseResponse.From(change), Notices.Resumed(job, change));
    }

    private static async Task<IResult> ReplayAsync(string id, HttpContext http, AdminGate gate, ConsoleReader reader, ConsoleActions actions,
        IOptions<ConsoleOptions> options, string? cluster)
    {
        if (await RefuseAsync(http, gate, "replay") is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrEmpty(cluster))
        {
            return BadRequest(http, "'cluster' is required: the cluster whose dead-letter topic holds the fire");
        }

        if (!QueryInput.TryCluster(cluster, reader.Catalog.Clusters, out _, out var error))
        {
            return BadRequest(http, error);
        }

        var fire = await reader.DeadLetteredFireAsync(cluster, id, http.RequestAborted);
        if (fire is null)
        {
            return Responses.Problem(http, StatusCodes.Status404NotFound, "Unknown dead letter",
                $"no dead-lettered fire with id '{id}' among the newest {options.Value.DeadLettersPerPartition} dead letters of each partition of cluster {cluster}");
        }

        var fresh = await actions.ReplayAsync(cluster, fire, http.RequestAborted);
        Done(http, "replay", $"{fresh.Job} fire {fresh.FireId}", "replayed");
        return await Responses.DoneAsync(http, StatusCodes.Status202Accepted,
            new ReplayResponse(fresh.FireId, fresh.Job, cluster, fresh.RemainingAttempts + 1), Notices.Replayed(fresh.Job, fresh.FireId));
    }

    private static async Task<IResult?> RefuseAsync(HttpContext http, AdminGate gate, string action)
    {
        var check = await gate.CheckAsync(http);
        if (check.Allowed)
        {
            http.Items[CredentialKey] = check.Credential;
            return null;
        }

        Count(http, check.Status switch { 401 => "unauthenticated", 403 => "forbidden", _ => "csrf" }, action);
        return await Responses.RefusedAsync(http, check.Status, check.Reason ?? "refused");
    }

    private static void Done(HttpContext http, string action, string target, string result)
    {
        var remote = http.Connection.RemoteIpAddress?.ToString();
        var credential = http.Items[CredentialKey] as string ?? "?";
        var logger = Logger(http);
        ConsoleLog.ActionDone(logger, action, target, remote, credential, result);
        Count(http, "done", action);
    }

    private static void Count(HttpContext http, string result, string? action = null)
    {
        action ??= http.Request.Path.Value?.Split('/').LastOrDefault() ?? "unknown";
        Service<KafkaCronMetrics>(http).ConsoleActions.Add(1,
            new KeyValuePair<string, object?>(MetricTags.Action, action), new KeyValuePair<string, object?>(MetricTags.Result, result));
    }

    private static IResult UnknownJob(HttpContext http, string name) =>
        Responses.Problem(http, StatusCodes.Status404NotFound, "Unknown job", $"the job file has no job '{name}'");

    private static IResult BadRequest(HttpContext http, string message) =>
        Responses.Problem(http, StatusCodes.Status400BadRequest, "Bad request", message);

    private static ILogger Logger(HttpContext http) => Service<ILoggerFactory>(http).CreateLogger("KafkaCron.WebConsole.Api");

    private static T Service<T>(HttpContext http)
        where T : notnull => http.RequestServices.GetRequiredService<T>();
}
