using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.WebConsole.Tests.Infrastructure;

namespace KafkaCron.WebConsole.Tests.Api;

/// <summary>
/// Every endpoint of /api/v1 and each of its errors, on a real console: run history, trigger and pause/resume through
/// librdkafka's mock cluster (the same library code as kcron history, trigger and pause); dead letters and status on
/// in-memory stores, since the mock cluster describes no consumer group (BackendTests reads them from real backends).
/// </summary>
public sealed class ApiTests : IAsyncLifetime, IDisposable
{
    private readonly TestFiles _files = new();
    private readonly ConsoleKafka _kafka = ConsoleKafka.Start("cluster-a", "cluster-b");
    private readonly FakeDeadLetterStore _deadLetters = new();
    private ConsoleServer _console = null!;

    public async Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        await _kafka.WriteRunsAsync(
            new RunRecord
            {
                FireId = "f-old", Job = "heartbeat", Cluster = "cluster-a", Trigger = FireTriggers.Scheduled, ScheduledAt = now.AddMinutes(-2),
                StartedAt = now.AddMinutes(-2), FinishedAt = now.AddMinutes(-2), Outcome = RunOutcomes.Failed, ExitCode = 3, StderrTail = "boom",
                RemainingAttempts = 0, Worker = "w1",
            },
            new RunRecord
            {
                FireId = "f-new", Job = "heartbeat", Cluster = "cluster-a", Trigger = FireTriggers.Manual, ScheduledAt = now.AddMinutes(-1),
                StartedAt = now.AddMinutes(-1), FinishedAt = now.AddMinutes(-1).AddMilliseconds(40), DurationSeconds = 0.04, Outcome = RunOutcomes.Succeeded,
                ExitCode = 0, StdoutTail = "alive\n", Worker = "w2",
            },
            new RunRecord
            {
                FireId = "f-skip", Job = "heartbeat", Cluster = "cluster-a", Trigger = FireTriggers.Manual, ScheduledAt = now.AddSeconds(-30),
                FinishedAt = now.AddSeconds(-30), Outcome = RunOutcomes.SkippedOverlap, Detail = "a run of the job was still in progress", Worker = "w2",
            });
        _deadLetters.Entries["cluster-a"] =
        [
            new DeadLetterEntry(0, 4, new DeadLetter
            {
                Reason = "attempts-exhausted", Detail = "exit code 1", SourceTopic = "kcron.retry.cluster-a", DeadLetteredAt = now,
                Fire = new FireMessage { FireId = "dead-1", Job = "heartbeat", Cluster = "cluster-a", ScheduledAt = now, PublishedAt = now, Attempt = 3 },
            }),
            new DeadLetterEntry(1, 0, new DeadLetter { Reason = "invalid-json", Detail = "not JSON", SourceTopic = "kcron.jobs.cluster-a", DeadLetteredAt = now }),
        ];
        _console = await ConsoleServer.StartAsync(new ConsoleSetup
        {
            BootstrapServers = _kafka.BootstrapServers, JobsFile = _files.JobsFile, TokenFile = _files.TokenFile, DeadLetters = _deadLetters,
            Groups = new FakeGroupInspector(), Election = new FakeElectionReader(TimeProvider.System), ZooKeeper = "127.0.0.1:2181",
        });
    }

    public async Task DisposeAsync() => await _console.DisposeAsync();

    public void Dispose()
    {
        _kafka.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Jobs_Get_ListsEveryJobWithNextFirePausedAndLastRun()
    {
        using (var paused = await PostAsync("/api/v1/jobs/report/pause", TestFiles.Token, """{"reason": "quarter closing"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }

        var json = await GetJsonAsync("/api/v1/jobs");

        var jobs = json.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("name").GetString()!);
        Assert.Equal(["nightly-backup", "heartbeat", "report", "old-cleanup"], jobs.Keys);
        var backup = jobs["nightly-backup"];
        Assert.Equal("cluster-a", backup.GetProperty("cluster").GetString());
        Assert.Equal("30 2 * * *", backup.GetProperty("schedule").GetString());
        Assert.Equal("Europe/Berlin", backup.GetProperty("timeZone").GetString());
        Assert.Equal(JsonValueKind.String, backup.GetProperty("nextFireAt").ValueKind);
        Assert.False(backup.GetProperty("paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, backup.GetProperty("pause").ValueKind);
        Assert.Equal(JsonValueKind.Null, backup.GetProperty("lastRun").ValueKind);
        Assert.True(jobs["report"].GetProperty("paused").GetBoolean());
        var pause = jobs["report"].GetProperty("pause");
        Assert.Equal((ConsoleActions.Identity, "quarter closing"), (pause.GetProperty("by").GetString(), pause.GetProperty("reason").GetString()));
        Assert.Equal(JsonValueKind.Null, jobs["old-cleanup"].GetProperty("nextFireAt").ValueKind);
        // The last run is the skip; the success rate counts only the runs that ran: one of two succeeded.
        var last = jobs["heartbeat"].GetProperty("lastRun");
        Assert.Equal(("f-skip", "skipped-overlap", "manual"), (last.GetProperty("fireId").GetString(), last.GetProperty("outcome").GetString(), last.GetProperty("trigger").GetString()));
        Assert.False(last.TryGetProperty("stdout", out var stdout) && stdout.ValueKind != JsonValueKind.Null);
        Assert.Equal(0.5, jobs["heartbeat"].GetProperty("successRate").GetDouble());
        Assert.Equal(4, json.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Jobs_RunWrittenAfterALook_ShownByTheNextLook()
    {
        Assert.Equal("f-skip", LastRunOf(await GetJsonAsync("/api/v1/jobs"), "heartbeat"));
        var now = DateTimeOffset.UtcNow;
        await _kafka.WriteRunsAsync(new RunRecord
        {
            FireId = "f-later", Job = "heartbeat", Cluster = "cluster-a", Trigger = FireTriggers.Scheduled, ScheduledAt = now, StartedAt = now,
            FinishedAt = now, Outcome = RunOutcomes.Failed, ExitCode = 1, Worker = "w1",
        });

        // No waiting: each look asks Kafka where the runs topic ends and is answered once the follow has read that far.
        var json = await GetJsonAsync("/api/v1/jobs");

        Assert.Equal("f-later", LastRunOf(json, "heartbeat"));
        Assert.Equal(1.0 / 3, json.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "heartbeat")
            .GetProperty("successRate").GetDouble(), 3);
    }

    [Fact]
    public async Task Jobs_FilterAndPage_OnlyThatPage()
    {
        var json = await GetJsonAsync("/api/v1/jobs?cluster=cluster-b&pageSize=1&page=2");

        Assert.Equal(["old-cleanup"], json.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        Assert.Equal(2, json.GetProperty("matching").GetInt32());
    }

    [Theory]
    [InlineData("/api/v1/jobs?page=0", "'page' must be a whole number from 1")]
    [InlineData("/api/v1/jobs?pageSize=5000", "'pageSize' must be a whole number from 1 to 100")]
    [InlineData("/api/v1/jobs?cluster=nope", "'cluster' must be one of the console's clusters (cluster-a, cluster-b), not 'nope'")]
    [InlineData("/api/v1/jobs/heartbeat/runs?limit=x", "'limit' must be a whole number from 1 to 100, not 'x'")]
    [InlineData("/api/v1/dead-letters?cluster=nope", "'cluster' must be one of the console's clusters")]
    public async Task Get_BadInput_400ProblemNamingIt(string path, string message)
    {
        using var response = await _console.Client.GetAsync(new Uri(path, UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Runs_Get_NewestFirstWithExitCodesOutputAndWhy()
    {
        var json = await GetJsonAsync("/api/v1/jobs/heartbeat/runs");

        var runs = json.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["f-skip", "f-new", "f-old"], runs.Select(r => r.GetProperty("fireId").GetString()));
        Assert.Equal("a run of the job was still in progress", runs[0].GetProperty("detail").GetString());
        Assert.Equal(JsonValueKind.Null, runs[0].GetProperty("startedAt").ValueKind);
        Assert.Equal(("alive\n", 0.04, "w2"), (runs[1].GetProperty("stdout").GetString(), runs[1].GetProperty("durationSeconds").GetDouble(), runs[1].GetProperty("worker").GetString()));
        Assert.Equal((3, "boom", "scheduled"), (runs[2].GetProperty("exitCode").GetInt32(), runs[2].GetProperty("stderr").GetString(), runs[2].GetProperty("trigger").GetString()));
    }

    [Fact]
    public async Task Runs_Limit_TheNewestOnly()
    {
        var json = await GetJsonAsync("/api/v1/jobs/heartbeat/runs?limit=1");

        Assert.Equal(["f-skip"], json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("fireId").GetString()));
    }

    [Fact]
    public async Task Runs_UnknownJob_404()
    {
        using var response = await _console.Client.GetAsync(new Uri("/api/v1/jobs/nope/runs", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "the job file has no job 'nope'");
    }

    [Fact]
    public async Task Trigger_WithToken_202AndTheManualFireKcronTriggerWouldPublish()
    {
        using var response = await PostAsync("/api/v1/jobs/nightly-backup/trigger", TestFiles.Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var json = await JsonAsync(response);
        var fire = Assert.Single(_kafka.Fires("cluster-a"));
        Assert.Equal(fire.FireId, json.GetProperty("fireId").GetString());
        Assert.Equal(("nightly-backup", "/usr/local/bin/backup --all", FireTriggers.Manual, 1), (fire.Job, fire.Command, fire.Trigger, fire.Attempt));
        // No epoch: a manual fire belongs to no scheduler term, so fencing never refuses it.
        Assert.Null(fire.Epoch);
        Assert.Equal(3600, fire.TimeoutSeconds);
        Assert.Equal(("cluster-a", "allow", "kcron.jobs.cluster-a"),
            (json.GetProperty("cluster").GetString(), json.GetProperty("concurrencyPolicy").GetString(), json.GetProperty("topic").GetString()));
        Assert.Contains(_console.Log.Lines, l => l.EventId == 7011 && l.Message.Contains($"trigger of nightly-backup", StringComparison.Ordinal)
            && l.Message.Contains(fire.FireId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trigger_NoToken_401LoggedAndNothingPublished()
    {
        using var response = await PostAsync("/api/v1/jobs/heartbeat/trigger", token: null);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "an admin token is needed");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Empty(_kafka.Fires("cluster-a"));
        Assert.Contains(_console.Log.Lines, l => l.EventId == 7010 && l.Message.Contains("401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trigger_WrongToken_403LoggedAndNothingPublished()
    {
        using var response = await PostAsync("/api/v1/jobs/heartbeat/trigger", "wrong-token-but-long-enough");

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "wrong admin token");
        Assert.Empty(_kafka.Fires("cluster-a"));
        Assert.Contains(_console.Log.Lines, l => l.EventId == 7010 && l.Message.Contains("403, wrong admin token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trigger_UnknownJob_404AndNothingPublished()
    {
        using var response = await PostAsync("/api/v1/jobs/nope/trigger", TestFiles.Token);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "the job file has no job 'nope'");
        Assert.Empty(_kafka.Fires("cluster-a"));
    }

    [Fact]
    public async Task PauseResume_WithToken_WrittenAsTheConsoleWithTheReasonAndTheFlagFollows()
    {
        using (var paused = await PostAsync("/api/v1/jobs/report/pause", TestFiles.Token, """{"reason": "db migration, CHG-4711"}"""))
        {
            var json = await JsonAsync(paused);
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
            Assert.Equal((true, true, ConsoleActions.Identity, "db migration, CHG-4711"),
                (json.GetProperty("paused").GetBoolean(), json.GetProperty("written").GetBoolean(), json.GetProperty("by").GetString(), json.GetProperty("reason").GetString()));
        }

        Assert.True(await PausedAsync("report"));
        using (var resumed = await PostAsync("/api/v1/jobs/report/resume", TestFiles.Token))
        {
            var json = await JsonAsync(resumed);
            Assert.Equal((false, true), (json.GetProperty("paused").GetBoolean(), json.GetProperty("written").GetBoolean()));
        }

        Assert.False(await PausedAsync("report"));
        // As kcron resume: a job that is not paused is left alone, and the answer says so.
        using (var again = await PostAsync("/api/v1/jobs/report/resume", TestFiles.Token))
        {
            var json = await JsonAsync(again);
            Assert.Equal((false, false), (json.GetProperty("paused").GetBoolean(), json.GetProperty("written").GetBoolean()));
        }

        var pauses = _kafka.Pauses();
        Assert.Equal([true, false], pauses.Select(p => p.Paused));
        Assert.All(pauses, p => Assert.Equal(("report", ConsoleActions.Identity), (p.Job, p.By)));
        Assert.Equal("db migration, CHG-4711", pauses[0].Reason);
        Assert.Matches(@"^pause of report by \S+ \(bearer\): paused by console@\S+ at \S+Z: db migration, CHG-4711$",
            _console.Log.Lines.Single(l => l.EventId == 7011 && l.Message.StartsWith("pause", StringComparison.Ordinal)).Message);
    }

    [Fact]
    public async Task Pause_NoBody_PausedWithoutAReason()
    {
        using var paused = await PostAsync("/api/v1/jobs/heartbeat/pause", TestFiles.Token);

        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Null(Assert.Single(_kafka.Pauses()).Reason);
    }

    [Theory]
    [InlineData("{", "the body must be JSON like {\"reason\": \"db migration\"}")]
    [InlineData("""{"reason": "two\nlines"}""", "'reason' must be one line of text")]
    [InlineData("""{"reason": 42}""", "the body must be JSON like")]
    public async Task Pause_BadReason_400NamingItAndNothingWritten(string body, string message)
    {
        using var response = await PostAsync("/api/v1/jobs/report/pause", TestFiles.Token, body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, message);
        Assert.Empty(_kafka.Pauses());
    }

    [Fact]
    public async Task Pause_ReasonTooLong_400()
    {
        using var response = await PostAsync("/api/v1/jobs/report/pause", TestFiles.Token, JsonSerializer.Serialize(new { reason = new string('x', 501) }));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "'reason' must be at most 500 characters, not 501");
        Assert.Empty(_kafka.Pauses());
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    public async Task PauseResume_NoTokenOrUnknownJob_401Or404AndNothingWritten(string action)
    {
        using var refused = await PostAsync($"/api/v1/jobs/report/{action}", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var unknown = await PostAsync($"/api/v1/jobs/nope/{action}", TestFiles.Token);
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "the job file has no job 'nope'");
        Assert.Empty(_kafka.Pauses());
    }

    [Fact]
    public async Task DeadLetters_Get_EveryClusterNewestFirstWithReasonAndReplayability()
    {
        var json = await GetJsonAsync("/api/v1/dead-letters");

        var rows = json.GetProperty("deadLetters").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        var exhausted = rows.Single(r => r.GetProperty("reason").GetString() == "attempts-exhausted");
        Assert.Equal("dead-1", exhausted.GetProperty("fireId").GetString());
        Assert.True(exhausted.GetProperty("replayable").GetBoolean());
        Assert.False(rows.Single(r => r.GetProperty("reason").GetString() == "invalid-json").GetProperty("replayable").GetBoolean());
    }

    [Fact]
    public async Task Replay_WithToken_202AndTheFireGoesBackAsAFirstAttempt()
    {
        using var response = await PostAsync("/api/v1/dead-letters/dead-1/replay?cluster=cluster-a", TestFiles.Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var replayed = Assert.Single(_deadLetters.Replayed);
        Assert.Equal(("dead-1", 1), (replayed.FireId, replayed.Attempt));
    }

    [Theory]
    [InlineData("/api/v1/dead-letters/nope/replay?cluster=cluster-a", HttpStatusCode.NotFound, "no dead-lettered fire with id 'nope'")]
    [InlineData("/api/v1/dead-letters/dead-1/replay", HttpStatusCode.BadRequest, "'cluster' is required")]
    [InlineData("/api/v1/dead-letters/dead-1/replay?cluster=zz", HttpStatusCode.BadRequest, "'cluster' must be one of")]
    public async Task Replay_BadInput_ProblemNamingIt(string path, HttpStatusCode status, string message)
    {
        using var response = await PostAsync(path, TestFiles.Token);

        await AssertProblemAsync(response, status, message);
        Assert.Empty(_deadLetters.Replayed);
    }

    [Fact]
    public async Task Replay_NoToken_401()
    {
        using var response = await PostAsync("/api/v1/dead-letters/dead-1/replay?cluster=cluster-a", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_deadLetters.Replayed);
    }

    [Fact]
    public async Task Status_Get_LeaderEpochStandbysCheckpointLagAndWorkers()
    {
        var json = await GetJsonAsync("/api/v1/status");

        var election = json.GetProperty("election");
        Assert.Equal("scheduler-0", election.GetProperty("leader").GetString());
        Assert.Equal(7, election.GetProperty("epoch").GetInt64());
        Assert.Equal(["scheduler-1"], election.GetProperty("standbys").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(7, election.GetProperty("checkpointEpoch").GetInt64());
        var cluster = json.GetProperty("clusters").EnumerateArray().First();
        Assert.Equal("cluster-a", cluster.GetProperty("cluster").GetString());
        var group = cluster.GetProperty("groups").EnumerateArray().First();
        Assert.Equal("kcron-cluster-a", group.GetProperty("group").GetString());
        Assert.Equal(6, group.GetProperty("totalLag").GetInt64());
        Assert.Equal(2, group.GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task OpenApi_Document_DescribesEveryEndpoint()
    {
        var json = await GetJsonAsync("/openapi/v1.json");

        var paths = json.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "/api/v1/jobs", "/api/v1/jobs/{name}/runs", "/api/v1/dead-letters", "/api/v1/status", "/api/v1/jobs/{name}/trigger",
            "/api/v1/jobs/{name}/pause", "/api/v1/jobs/{name}/resume", "/api/v1/dead-letters/{id}/replay",
        }, paths);
        Assert.DoesNotContain("/", paths);
        var scheme = json.GetProperty("components").GetProperty("securitySchemes").GetProperty("adminToken");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        var trigger = json.GetProperty("paths").GetProperty("/api/v1/jobs/{name}/trigger").GetProperty("post");
        Assert.True(trigger.GetProperty("security")[0].TryGetProperty("adminToken", out _));
        Assert.False(json.GetProperty("paths").GetProperty("/api/v1/jobs").GetProperty("get").TryGetProperty("security", out _));
        var pause = json.GetProperty("paths").GetProperty("/api/v1/jobs/{name}/pause").GetProperty("post");
        Assert.True(pause.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(pause.GetProperty("responses").TryGetProperty("400", out _));
    }

    [Fact]
    public async Task Health_LiveAndReady()
    {
        using var live = await _console.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await _console.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Page_Get_CarriesTheSecurityHeaders()
    {
        using var response = await _console.Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private static string? LastRunOf(JsonElement jobs, string job) =>
        jobs.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == job).GetProperty("lastRun").GetProperty("fireId").GetString();

    private async Task<bool> PausedAsync(string job) =>
        (await GetJsonAsync("/api/v1/jobs")).GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == job)
            .GetProperty("paused").GetBoolean();

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _console.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string? token, string? json = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return _console.Client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
