using System.Text.RegularExpressions;
using KafkaCron.Core.Messages;
using KafkaCron.WebConsole.Tests.Infrastructure;
using Microsoft.Playwright;

namespace KafkaCron.WebConsole.Tests.Browser;

/// <summary>
/// The console as an operator uses it, in a real headless Chromium, against a real stack (<see cref="RunStack"/>): a
/// scheduler and a worker run the jobs, and every run, output, trigger and pause shown was read from Kafka. New runs
/// appear by the page's own refresh, never by a reload.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class ConsoleInBrowserTests(ChromiumFixture chromium, RunStack stack) : IAsyncLifetime
{
    private static readonly PageWaitForSelectorOptions Patiently = new() { Timeout = (float)RunStack.Patience.TotalMilliseconds };
    private readonly List<string> _dialogs = [];
    private IBrowserContext? _context;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task JobsPage_Open_ShowsEveryJobWithNextFireLastOutcomeSparklineAndPause()
    {
        await stack.PostAsync("/api/v1/jobs/report/pause", """{"reason": "quarter closing, CHG-4711"}""");
        var page = await OpenAsync("/");

        // The scheduled runs come in by the page's own refresh, as the worker records them.
        await page.WaitForFunctionAsync("() => document.querySelectorAll(\"tr[data-job='heartbeat'] svg.spark rect\").length >= 3", null,
            new PageWaitForFunctionOptions { Timeout = (float)RunStack.Patience.TotalMilliseconds });
        Assert.Equal(["heartbeat", "flaky-report", "nightly-backup", "broken-export", "report", "old-cleanup"],
            await page.Locator("table.jobs tbody tr td:first-child a").AllInnerTextsAsync());
        var heartbeat = await page.Locator("tr[data-job='heartbeat']").InnerTextAsync();
        Assert.Contains("succeeded", heartbeat, StringComparison.Ordinal);
        Assert.Matches(@"\d+ms", heartbeat);
        Assert.Contains("failed", await page.Locator("tr[data-job='broken-export']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("paused by console@", await page.Locator("tr[data-job='report'] .badge.paused").GetAttributeAsync("title"), StringComparison.Ordinal);
        Assert.Contains("suspended", await page.Locator("tr[data-job='old-cleanup']").InnerTextAsync(), StringComparison.Ordinal);
        await ScreenshotAsync(page, "jobs.png");

        await page.FillAsync("input[name=q]", "report");
        await page.ClickAsync("form.filter button");
        // Waits for what the new page shows, not for its URL and load event: a navigation that ends before the
        // wait starts would leave a URL wait hanging (seen once in 10 runs).
        await page.WaitForFunctionAsync("() => document.querySelectorAll('table.jobs tbody tr').length === 2");
        Assert.Equal(["flaky-report", "report"], await page.Locator("table.jobs tbody tr td:first-child a").AllInnerTextsAsync());
        Assert.Empty(_dialogs);
    }

    [SkippableFact]
    public async Task JobPage_Open_ShowsRunsWithExitCodesDurationsAndEscapedOutput()
    {
        var page = await OpenAsync("/");
        await page.ClickAsync("a[href='/jobs/broken-export']");
        await page.WaitForSelectorAsync("table.runs");

        var run = page.Locator("tr.run").First;
        var row = await run.InnerTextAsync();
        Assert.Contains("failed exit 2", row, StringComparison.Ordinal);
        Assert.Contains("exporting invoices", row, StringComparison.Ordinal);
        var output = $"#out-{await run.GetAttributeAsync("data-fire")}-1";
        await page.ClickAsync($"{output} summary");
        Assert.Equal("exporting invoices", (await page.Locator($"{output} pre.stdout").InnerTextAsync()).Trim());
        var stderr = await page.Locator($"{output} pre.stderr").InnerTextAsync();
        // Job output is untrusted: the markup in it shows as text and never runs.
        Assert.Contains("<script>alert('owned')</script>", stderr, StringComparison.Ordinal);
        Assert.Contains("disk full", stderr, StringComparison.Ordinal);
        await ScreenshotAsync(page, "job.png");
        Assert.Empty(_dialogs);
    }

    [SkippableFact]
    public async Task Trigger_WithTheToken_TheNewRunAppearsByTheRefresh()
    {
        var page = await OpenAsync("/jobs/nightly-backup");
        await LogInAsync(page);
        Assert.EndsWith("/jobs/nightly-backup?notice=Logged%20in", page.Url, StringComparison.Ordinal);

        await page.ClickAsync("form.action button:text('Run now')");
        await page.WaitForSelectorAsync("p.notice:has-text('Triggered nightly-backup')");
        var fireId = ManualFire().Match(await page.Locator("p.notice").InnerTextAsync()).Groups["id"].Value;
        Assert.Contains(stack.Kafka.Fires(RunStack.Cluster), f => f.FireId == fireId && f.Trigger == FireTriggers.Manual);
        // Marks this document: a full reload would lose it, the content refresh keeps it.
        await page.EvaluateAsync("() => { window.kcronSameDocument = true; }");

        var newRun = page.Locator($"tr.run[data-fire='{fireId}']");
        await newRun.WaitForAsync(new LocatorWaitForOptions { Timeout = (float)RunStack.Patience.TotalMilliseconds });
        var row = await newRun.InnerTextAsync();
        Assert.Contains("succeeded exit 0", row, StringComparison.Ordinal);
        Assert.Contains("manual", row, StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => window.kcronSameDocument === true"), "the page reloaded instead of refreshing its content");
        await page.ClickAsync($"#out-{fireId}-1 summary");
        Assert.Equal("dumping 12 tables\nbackup complete: 41 GiB", (await page.Locator($"#out-{fireId}-1 pre.stdout").InnerTextAsync()).Trim());
        await ScreenshotAsync(page, "trigger.png");
    }

    [SkippableFact]
    public async Task Trigger_WithoutTheToken_Refused()
    {
        var manualFires = ManualFires();
        var refusals = stack.Console.Log.Lines.Count(l => l.EventId == 7010);
        var page = await OpenAsync("/jobs/heartbeat");

        var button = page.Locator("section.actions button:text('Run now')");
        Assert.True(await button.IsDisabledAsync());
        var direct = await page.APIRequest.PostAsync($"{stack.Url}api/v1/jobs/heartbeat/trigger");
        Assert.Equal(401, direct.Status);
        var forged = await page.APIRequest.PostAsync($"{stack.Url}api/v1/jobs/heartbeat/trigger",
            new APIRequestContextOptions { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer not-the-admin-token" } });
        Assert.Equal(403, forged.Status);

        await page.ClickAsync("header .who a");
        await page.FillAsync("#token", "not-the-admin-token");
        await page.ClickAsync("form.login button");
        await page.WaitForSelectorAsync("p.warning:has-text('Wrong admin token')");
        await ScreenshotAsync(page, "login-refused.png");

        Assert.Equal(manualFires, ManualFires());
        Assert.Contains(stack.Console.Log.Lines, l => l.EventId == 7012);
        Assert.Equal(refusals + 2, stack.Console.Log.Lines.Count(l => l.EventId == 7010));
    }

    [SkippableFact]
    public async Task PauseAndResume_InThePage_PausedShowsWithItsWithheldInstantsAndResumeClearsIt()
    {
        var page = await OpenAsync("/jobs/heartbeat");
        await LogInAsync(page);

        await page.FillAsync("section.actions input[name=reason]", "db migration until 14:00");
        await page.ClickAsync("form.action button:text('Pause')");
        await page.WaitForSelectorAsync("p.notice:has-text('Paused heartbeat as console@')");
        Assert.Contains("db migration until 14:00", await page.Locator("p.paused-state").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("h1 .badge.paused").CountAsync());
        Assert.Equal(0, await page.Locator("form.action button:text('Pause')").CountAsync());
        // The leading scheduler withholds the next instant and records it: the refresh brings the paused run in.
        await page.WaitForSelectorAsync("tr.run [data-outcome='paused']", Patiently);
        Assert.Contains("paused by console@", await page.Locator("tr.run:has([data-outcome='paused'])").First.InnerTextAsync(), StringComparison.Ordinal);
        await ScreenshotAsync(page, "paused.png");

        await page.ClickAsync("form.action button:text('Resume')");
        await page.WaitForSelectorAsync("p.notice:has-text('Resumed heartbeat')");
        Assert.Equal(0, await page.Locator("p.paused-state").CountAsync());
        Assert.Equal(0, await page.Locator("h1 .badge.paused").CountAsync());
        Assert.Equal(1, await page.Locator("form.action button:text('Pause')").CountAsync());
        Assert.Equal([true, false], stack.Kafka.Pauses().Where(p => p.Job == "heartbeat").Select(p => p.Paused));
    }

    [SkippableFact]
    public async Task DeadLetters_Open_TheFailedRunWithItsReasonAndReplay()
    {
        var page = await OpenAsync("/dead-letters");

        var row = page.Locator("table.dead-letters tr:has(a[href='/jobs/broken-export'])").First;
        Assert.Contains("attempts-exhausted", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await row.Locator("button:text('Replay')").CountAsync());
        await ScreenshotAsync(page, "dead-letters.png");
    }

    [SkippableFact]
    public async Task JobsPage_JavaScriptOff_StillListsTheJobs()
    {
        Skip.If(chromium.Browser is null, ChromiumFixture.UnavailableReason);
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(stack.Url);

        Assert.Equal(6, await page.Locator("table.jobs tbody tr").CountAsync());
    }

    private int ManualFires() => stack.Kafka.Fires(RunStack.Cluster).Count(f => f.Trigger == FireTriggers.Manual);

    private async Task<IPage> OpenAsync(string path)
    {
        Skip.If(chromium.Browser is null, ChromiumFixture.UnavailableReason);
        _context ??= await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await _context.NewPageAsync();
        page.Dialog += (_, dialog) => _dialogs.Add(dialog.Message);
        var response = await page.GotoAsync(new Uri(new Uri(stack.Url), path).ToString());
        Assert.Equal(200, response?.Status);
        return page;
    }

    private static async Task LogInAsync(IPage page)
    {
        await page.ClickAsync("header .who a");
        await page.FillAsync("#token", TestFiles.Token);
        await page.ClickAsync("form.login button");
        await page.WaitForSelectorAsync("p.notice:has-text('Logged in')");
    }

    internal static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ChromiumFixture.ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ChromiumFixture.ScreenshotDirectory, name), FullPage = true });
    }

    [GeneratedRegex("manual fire (?<id>[^ ,]+),")]
    private static partial Regex ManualFire();
}
