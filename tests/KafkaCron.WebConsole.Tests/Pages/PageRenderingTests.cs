using KafkaCron.Core.Jobs;
using KafkaCron.WebConsole.Jobs;
using KafkaCron.WebConsole.Pages;
using KafkaCron.WebConsole.Runs;
using KafkaCron.WebConsole.Tests.Jobs;

namespace KafkaCron.WebConsole.Tests.Pages;

public sealed class PageRenderingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void JobPage_HostileOutputAndNames_AreEscaped()
    {
        var run = JobListTests.Run("j", RunOutcomes.Failed, 1) with
        {
            StdoutTail = "<script>alert('x')</script>",
            StderrTail = "\"><img src=x onerror=alert(1)>",
            Worker = "<b>w</b>",
        };
        var details = Details(JobListTests.Job("j", "cluster-a") with { Command = "echo '<svg onload=alert(1)>'" }, [run]);

        var html = JobPage.Fragment(details, Frame(loggedIn: true), new ConsoleFeatures(new NoHistory(), null, null));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg onload", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>w</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void JobPage_NotLoggedIn_ButtonsDisabledAndSaysWhy()
    {
        var html = JobPage.Fragment(Details(JobListTests.Job("j", "c"), []), Frame(loggedIn: false), new ConsoleFeatures(new NoHistory(), null, null));

        Assert.Contains("disabled title=\"log in with the admin token to act\">Run now</button>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void JobPage_NoTokenFile_SaysActionsAreDisabled()
    {
        var frame = Frame(loggedIn: false) with { ActionsEnabled = false };

        var html = JobPage.Fragment(Details(JobListTests.Job("j", "c"), []), frame, new ConsoleFeatures(null, null, null));

        Assert.Contains("actions are disabled: this console was started without --admin-token-file", html, StringComparison.Ordinal);
        Assert.Contains("Run history is not available in this console", html, StringComparison.Ordinal);
    }

    [Fact]
    public void JobPage_LoggedIn_FormsPostTheActionWithTheAntiforgeryToken()
    {
        var html = JobPage.Fragment(Details(JobListTests.Job("nightly backup", "c"), []), Frame(loggedIn: true),
            new ConsoleFeatures(new NoHistory(), new NoTrigger(), null));

        Assert.Contains("action=\"/api/v1/jobs/nightly%20backup/trigger\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__csrf\" value=\"tok&#x2B;en\"", html, StringComparison.Ordinal);
        // Pause has no implementation here: its button says so instead of posting.
        Assert.Contains("pause and resume is not available in this console", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sparkline_Runs_OneBarEachWithATextEquivalent()
    {
        var runs = new[] { JobListTests.Run("j", RunOutcomes.Succeeded, 3), JobListTests.Run("j", RunOutcomes.Failed, 2), JobListTests.Run("j", RunOutcomes.Succeeded, 1) };

        var svg = Outcome.Sparkline(runs, 2.0 / 3);

        Assert.Equal(3, svg.Split("<rect ").Length - 1);
        Assert.Contains("aria-label=\"2 of 3 recent runs succeeded\"", svg, StringComparison.Ordinal);
        Assert.Contains("67%", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RunOutcomes.Succeeded, "ok", "\u2714")]
    [InlineData(RunOutcomes.Failed, "bad", "\u2716")]
    [InlineData(RunOutcomes.TimedOut, "bad", "\u23F1")]
    [InlineData("skipped-overlap", "skip", "\u21B7")]
    [InlineData("something-new", "unknown", "?")]
    public void Badge_Outcome_HasColourClassIconAndWords(string outcome, string kind, string icon)
    {
        var html = Outcome.Badge(outcome);

        Assert.Contains($"class=\"outcome {kind}\"", html, StringComparison.Ordinal);
        Assert.Contains(icon, html, StringComparison.Ordinal);
    }

    [Fact]
    public void JobsPage_Rows_ShowNextFireLastOutcomeAndPausedBadge()
    {
        var job = JobListTests.Job("backup", "cluster-a");
        var summary = JobList.Summarize(job, [JobListTests.Run("backup", RunOutcomes.Failed, 5)], new HashSet<string> { "backup" }, Now);
        var list = new JobListPage([summary], 1, 1, new JobQuery(string.Empty, null, 1, 100), []);
        var catalog = new JobCatalogSnapshot(new JobFile([new ClusterDefinition("cluster-a")], [job]), "/jobs.yaml", [], Now);

        var html = JobsPage.Fragment(list, catalog, Frame(loggedIn: false), historyAvailable: true);

        Assert.Contains("href=\"/jobs/backup\"", html, StringComparison.Ordinal);
        Assert.Contains("\u23F8 paused", html, StringComparison.Ordinal);
        Assert.Contains("2026-03-02 10:01:00Z", html, StringComparison.Ordinal);
        Assert.Contains("in 1m 0s", html, StringComparison.Ordinal);
        Assert.Contains("class=\"outcome bad\"", html, StringComparison.Ordinal);
        Assert.Contains("exit 1", html, StringComparison.Ordinal);
        Assert.Contains("2.00 s", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_Page_LinksOnlyItsOwnScriptAndStylesAndRefreshesWithoutScript()
    {
        var html = Layout.Page(Frame(loggedIn: false), "<p>x</p>");

        Assert.Contains("<script src=\"/assets/console.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.Contains("<noscript><meta http-equiv=\"refresh\"", html, StringComparison.Ordinal);
        Assert.Contains("<main id=\"content\" data-refresh=\"5\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http-equiv", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/jobs/x?q=1", "/jobs/x?q=1")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData("", "/")]
    public void LocalPath_Candidate_OnlyPathsOfThisSite(string candidate, string expected) =>
        Assert.Equal(expected, WebConsole.Api.Responses.LocalPath(candidate));

    [Theory]
    [InlineData("Triggered backup: fire 1", true)]
    [InlineData("Logged in", true)]
    [InlineData("Your token expired, log in at evil.example", false)]
    public void IsOurs_Notice_OnlyTheConsolesOwnNoticesShow(string notice, bool shown) =>
        Assert.Equal(shown, PageFrames.IsOurs(notice));

    internal static PageFrame Frame(bool loggedIn) =>
        new("t", "jobs", ActionsEnabled: true, LoggedIn: loggedIn, "__csrf", "tok+en", "/jobs/j", 5, Now);

    private static JobDetails Details(JobDefinition job, IReadOnlyList<RunRecord> runs) =>
        new(job, JobList.Summarize(job, runs, null, Now), runs, [Now.AddMinutes(1)], []);

    private sealed class NoHistory : IRunHistory
    {
        public Task<IReadOnlyList<RunRecord>> ReadAsync(RunQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class NoTrigger : Control.IJobTrigger
    {
        public Task<string> TriggerAsync(JobDefinition job, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
