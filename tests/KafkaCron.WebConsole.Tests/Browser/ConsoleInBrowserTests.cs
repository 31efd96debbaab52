using KafkaCron.Core.Messages;
using KafkaCron.WebConsole.Runs;
using KafkaCron.WebConsole.Tests.Infrastructure;
using Microsoft.Playwright;

namespace KafkaCron.WebConsole.Tests.Browser;

/// <summary>
/// The console as an operator uses it, in a real headless Chromium: the pages, the self-refresh, the login and the
/// actions. The ports are in-memory fakes; a trigger turns into a run record a moment later, as a worker's would.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ConsoleInBrowserTests(ChromiumFixture chromium) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan RunDelay = TimeSpan.FromSeconds(1.5);
    private readonly TestFiles _files = new();
    private readonly FakeRunHistory _history = new();
    private readonly FakeJobPauses _pauses = new();
    private readonly FakeDeadLetterStore _deadLetters = new();
    private FakeJobTrigger _trigger = null!;
    private ConsoleServer _console = null!;
    private IBrowserContext? _context;
    private readonly List<string> _dialogs = [];

    public async Task InitializeAsync()
    {
        Seed();
        _trigger = new FakeJobTrigger(_history, TimeProvider.System, RunDelay);
        _console = await ConsoleServer.StartAsync(new ConsoleSetup
        {
            JobsFile = _files.JobsFile, TokenFile = _files.TokenFile, History = _history, Trigger = _trigger, Pauses = _pauses,
            DeadLetters = _deadLetters, Groups = new FakeGroupInspector(), Election = new FakeElectionReader(TimeProvider.System),
            ZooKeeper = "zk-0:2181,zk-1:2181,zk-2:2181", RefreshSeconds = 1,
        });
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        await _console.DisposeAsync();
    }

    public void Dispose() => _files.Dispose();

    [SkippableFact]
    public async Task JobsPage_Open_ShowsEveryJobWithNextFireLastOutcomeAndSparkline()
    {
        var page = await OpenAsync("/");

        var rows = page.Locator("table.jobs tbody tr");
        Assert.Equal(4, await rows.CountAsync());
        Assert.Equal(["nightly-backup", "heartbeat", "report", "old-cleanup"], await page.Locator("table.jobs tbody tr td:first-child a").AllInnerTextsAsync());
        var heartbeat = page.Locator("tr[data-job='heartbeat']");
        Assert.Contains("succeeded", await heartbeat.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await heartbeat.Locator("svg.spark").CountAsync());
        Assert.Contains("suspended", await page.Locator("tr[data-job='old-cleanup']").InnerTextAsync(), StringComparison.Ordinal);

        await page.FillAsync("input[name=q]", "report");
        await page.ClickAsync("form.filter button");
        // Waits for what the new page shows, not for its URL and load event: a navigation that ends before the
        // wait starts would leave a URL wait hanging (seen once in 10 runs).
        await page.WaitForFunctionAsync("() => document.querySelectorAll('table.jobs tbody tr').length === 1");
        Assert.Equal("report", await page.Locator("table.jobs tbody tr td:first-child a").InnerTextAsync());
        await ScreenshotAsync(await OpenAsync("/"), "jobs.png");
        Assert.Empty(_dialogs);
    }

    [SkippableFact]
    public async Task JobPage_Open_ShowsRunsWithExitCodesDurationsAndEscapedOutput()
    {
        var page = await OpenAsync("/");
        await page.ClickAsync("a[href='/jobs/heartbeat']");
        await page.WaitForSelectorAsync("table.runs");

        var runs = page.Locator("table.runs tr.run");
        Assert.Equal(3, await runs.CountAsync());
        Assert.Contains("exit 2", await page.Locator("tr.run[data-fire='f-2']").InnerTextAsync(), StringComparison.Ordinal);
        await page.ClickAsync("#out-f-2-1 summary");
        var stderr = await page.Locator("#out-f-2-1 pre.stderr").InnerTextAsync();
        // Job output is untrusted: the markup in it shows as text and never runs.
        Assert.Contains("<script>alert('owned')</script>", stderr, StringComparison.Ordinal);
        Assert.Contains("disk full", stderr, StringComparison.Ordinal);
        await ScreenshotAsync(page, "job.png");
        Assert.Empty(_dialogs);
    }

    [SkippableFact]
    public async Task Trigger_WithTheToken_TheNewRunAppearsWithoutAReload()
    {
        var page = await OpenAsync("/jobs/heartbeat");
        await page.ClickAsync("header .who a");
        await page.FillAsync("#token", TestFiles.Token);
        await page.ClickAsync("form.login button");
        await page.WaitForSelectorAsync("p.notice:has-text('Logged in')");
        Assert.EndsWith("/jobs/heartbeat?notice=Logged%20in", page.Url, StringComparison.Ordinal);

        // Marks this document: a full reload would lose it, the fragment refresh keeps it.
        await page.EvaluateAsync("() => { window.kcronSameDocument = true; }");
        await page.ClickAsync("form.action button:text('Run now')");
        await page.WaitForSelectorAsync("p.notice:has-text('Triggered heartbeat')");
        var fireId = Assert.Single(_trigger.Triggered) is "heartbeat"
            ? (await page.Locator("p.notice").InnerTextAsync()).Split("fire ")[1].Trim()
            : throw new InvalidOperationException("the trigger was not asked for heartbeat");
        await page.EvaluateAsync("() => { window.kcronSameDocument = true; }");

        var newRun = page.Locator($"tr.run[data-fire='{fireId}']");
        await newRun.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Contains("manual", await newRun.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => window.kcronSameDocument === true"), "the page reloaded instead of refreshing its content");
        await page.ClickAsync($"#out-{fireId}-1 summary");
        Assert.Contains("manual run of heartbeat done", await page.Locator($"#out-{fireId}-1 pre.stdout").InnerTextAsync(), StringComparison.Ordinal);
        await ScreenshotAsync(page, "trigger.png");
    }

    [SkippableFact]
    public async Task Trigger_WithoutTheToken_Refused()
    {
        var page = await OpenAsync("/jobs/heartbeat");

        var button = page.Locator("section.actions button:text('Run now')");
        Assert.True(await button.IsDisabledAsync());
        var direct = await page.APIRequest.PostAsync($"{_console.Url}api/v1/jobs/heartbeat/trigger");
        Assert.Equal(401, direct.Status);
        var forged = await page.APIRequest.PostAsync($"{_console.Url}api/v1/jobs/heartbeat/trigger",
            new APIRequestContextOptions { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer not-the-admin-token" } });
        Assert.Equal(403, forged.Status);

        await page.ClickAsync("header .who a");
        await page.FillAsync("#token", "not-the-admin-token");
        await page.ClickAsync("form.login button");
        await page.WaitForSelectorAsync("p.warning:has-text('Wrong admin token')");
        await ScreenshotAsync(page, "login-refused.png");

        Assert.Empty(_trigger.Triggered);
        Assert.Contains(_console.Log.Lines, l => l.EventId == 7012);
        Assert.Equal(2, _console.Log.Lines.Count(l => l.EventId == 7010));
    }

    [SkippableFact]
    public async Task DeadLettersAndStatus_Open_ShowReasonsReplayLeaderLagAndWorkers()
    {
        var page = await OpenAsync("/dead-letters");
        Assert.Contains("attempts-exhausted", await page.Locator("table.dead-letters").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("table.dead-letters button:text('Replay')").CountAsync());
        await ScreenshotAsync(page, "dead-letters.png");

        await page.ClickAsync("nav a[href='/status']");
        await page.WaitForSelectorAsync("dd.leader");
        Assert.Equal("scheduler-0", (await page.Locator("dd.leader").InnerTextAsync()).Split(' ')[0]);
        Assert.StartsWith("7", await page.Locator("dd.epoch").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("kcron-worker-w1", await page.Locator("section.cluster[data-cluster='cluster-a']").InnerTextAsync(), StringComparison.Ordinal);
        await ScreenshotAsync(page, "status.png");
    }

    [SkippableFact]
    public async Task JobsPage_JavaScriptOff_StillListsTheJobs()
    {
        Skip.If(chromium.Browser is null, ChromiumFixture.UnavailableReason);
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_console.Url);

        Assert.Equal(4, await page.Locator("table.jobs tbody tr").CountAsync());
    }

    private async Task<IPage> OpenAsync(string path)
    {
        Skip.If(chromium.Browser is null, ChromiumFixture.UnavailableReason);
        _context ??= await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await _context.NewPageAsync();
        page.Dialog += (_, dialog) => _dialogs.Add(dialog.Message);
        var response = await page.GotoAsync(new Uri(new Uri(_console.Url), path).ToString());
        Assert.Equal(200, response?.Status);
        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ChromiumFixture.ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ChromiumFixture.ScreenshotDirectory, name), FullPage = true });
    }

    private void Seed()
    {
        var now = DateTimeOffset.UtcNow;
        RunRecord Run(string id, string job, string cluster, int minutesAgo, string outcome, int exit, double seconds, string? stdout = null, string? stderr = null) => new()
        {
            FireId = id, Job = job, Cluster = cluster, ScheduledAt = now.AddMinutes(-minutesAgo), StartedAt = now.AddMinutes(-minutesAgo).AddMilliseconds(4),
            FinishedAt = now.AddMinutes(-minutesAgo).AddSeconds(seconds), Duration = TimeSpan.FromSeconds(seconds), Outcome = outcome, ExitCode = exit,
            Worker = cluster + "-w1", StdoutTail = stdout, StderrTail = stderr,
        };

        _history.Add(Run("f-1", "heartbeat", "cluster-a", 3, RunOutcomes.Succeeded, 0, 0.04, "alive\n"));
        _history.Add(Run("f-2", "heartbeat", "cluster-a", 2, RunOutcomes.Failed, 2, 0.05, "checking\n", "disk full\n<script>alert('owned')</script>\n"));
        _history.Add(Run("f-3", "heartbeat", "cluster-a", 1, RunOutcomes.Succeeded, 0, 0.04, "alive\n"));
        for (var day = 9; day >= 1; day--)
        {
            _history.Add(Run($"b-{day}", "nightly-backup", "cluster-a", day * 60, day == 4 ? RunOutcomes.TimedOut : RunOutcomes.Succeeded, day == 4 ? 137 : 0, day == 4 ? 3600 : 1_412,
                "backup complete: 41 GiB\n"));
        }

        _history.Add(Run("r-1", "report", "cluster-b", 30, RunOutcomes.Failed, 1, 12.5, null, "report.sh: connection refused\n"));
        var dead = new FireMessage { FireId = "f-2", Job = "heartbeat", Cluster = "cluster-a", ScheduledAt = now.AddMinutes(-2), PublishedAt = now.AddMinutes(-2), Attempt = 3 };
        _deadLetters.Entries["cluster-a"] =
        [
            new DeadLetterEntry(0, 17, new DeadLetter
            {
                Reason = "attempts-exhausted", Detail = "3 attempts failed; last: exit code 2", SourceTopic = "kcron.retry.cluster-a",
                DeadLetteredAt = now.AddMinutes(-1), Worker = "cluster-a-retry", Fire = dead with { History = [new AttemptRecord { Attempt = 1, Outcome = "failed" }, new AttemptRecord { Attempt = 2, Outcome = "failed" }, new AttemptRecord { Attempt = 3, Outcome = "failed" }] },
            }),
            new DeadLetterEntry(1, 3, new DeadLetter
            {
                Reason = "invalid-json", Detail = "'{' expected at byte 0", SourceTopic = "kcron.jobs.cluster-a", DeadLetteredAt = now.AddMinutes(-40),
            }),
        ];
    }
}
