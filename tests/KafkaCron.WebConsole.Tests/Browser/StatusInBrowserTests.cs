using KafkaCron.WebConsole.Tests.Infrastructure;
using Microsoft.Playwright;

namespace KafkaCron.WebConsole.Tests.Browser;

/// <summary>
/// The cluster status page in a real headless Chromium. Its election and consumer groups come from stand-ins: the
/// workers' group members need a Kafka that describes groups, which librdkafka's mock cluster is not (BackendTests reads
/// the election from a real ZooKeeper and the lag from the mock cluster).
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class StatusInBrowserTests(ChromiumFixture chromium) : IAsyncLifetime, IDisposable
{
    private readonly TestFiles _files = new();
    private ConsoleServer _console = null!;

    public async Task InitializeAsync() =>
        _console = await ConsoleServer.StartAsync(new ConsoleSetup
        {
            JobsFile = _files.JobsFile, Groups = new FakeGroupInspector(), Election = new FakeElectionReader(TimeProvider.System),
            ZooKeeper = "zk-0:2181,zk-1:2181,zk-2:2181",
        });

    public async Task DisposeAsync() => await _console.DisposeAsync();

    public void Dispose() => _files.Dispose();

    [SkippableFact]
    public async Task Status_Open_ShowsLeaderEpochLagAndWorkers()
    {
        Skip.If(chromium.Browser is null, ChromiumFixture.UnavailableReason);
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_console.Url + "status");

        Assert.Equal("scheduler-0", (await page.Locator("dd.leader").InnerTextAsync()).Split(' ')[0]);
        Assert.StartsWith("7", await page.Locator("dd.epoch").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("kcron-worker-w1", await page.Locator("section.cluster[data-cluster='cluster-a']").InnerTextAsync(), StringComparison.Ordinal);
        await ConsoleInBrowserTests.ScreenshotAsync(page, "status.png");
    }
}
