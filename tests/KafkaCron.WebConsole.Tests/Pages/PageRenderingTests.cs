using KafkaCron.Core.Control;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.WebConsole.Jobs;
using KafkaCron.WebConsole.Pages;
using KafkaCron.WebConsole.Tests.Jobs;

namespace KafkaCron.WebConsole.Tests.Pages;

public sealed class PageRenderingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    [Fact]
    public void JobPage_HostileOutputAndNames_AreEscaped()
    {
        var run = JobListTests.Run("j", RunOutcomes.Failed, 1) with
        {
            StdoutTail = "<script>alert('x')</script>",
            StderrTail = "\"><img src=x onerror=alert(1)>",
            Detail = "<iframe src=evil>",
            Worker = "<b>w</b>",
        };
        var details = Details(JobListTests.Job("j", "cluster-a") with { Command = "echo '<svg onload=alert(1)>'" }, [run]);

        var html = JobPage.Fragment(details, Frame(loggedIn: true), Window);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<iframe", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg onload", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>w</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void JobPage_Runs_ReadAsKcronHistoryShowsThem()
    {
        var killed = JobListTests.Run("j", RunOutcomes.Killed, 3) with { ExitCode = null, Signal = 9, DurationSeconds = 754.2, StdoutTail = "\n  step 1 of 3\nstep 2\n" };
        var skipped = JobListTests.Run("j", RunOutcomes.SkippedOverlap, 1) with
        {
            StartedAt = null, DurationSeconds = null, ExitCode = null, Trigger = FireTriggers.Manual, Detail = "a run of the job was still in progress",
        };

        var html = JobPage.Fragment(Details(JobListTests.Job("j", "c"), [skipped, killed]), Frame(loggedIn: true), Window);

        Assert.Contains("<span class=\"exit\">SIGKILL</span>", html, StringComparison.Ordinal);
        Assert.Contains(">12m34s<", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"first-line\">step 1 of 3</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"first-line\">a run of the job was still in progress</td>", html, StringComparison.Ordinal);
        Assert.Contains($">{RunText.Instant(killed.StartedAt!.Value)}</time>", html, StringComparison.Ordinal);
        Assert.Contains(">manual</span>", html, StringComparison.Ordinal);
        Assert.Contains("The newest 2 of 2 run(s) of the last 24 h", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf(skipped.FireId, StringComparison.Ordinal) < html.IndexOf(killed.FireId, StringComparison.Ordinal), "newest first");
    }

    [Fact]
    public void JobPage_NotLoggedIn_ButtonsDisabledAndSaysWhy()
    {
        var html = JobPage.Fragment(Details(JobListTests.Job("j", "c"), []), Frame(loggedIn: false), Window);

        Assert.Contains("disabled title=\"log in with the admin token to act\">Run now</button>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", html, StringComparison.Ordinal);
        Assert.Contains("No runs recorded in the last 24 h.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void JobPage_NoTokenFile_SaysActionsAreDisabled()
    {
        var frame = Frame(loggedIn: false) with { ActionsEnabled = false };

        var html = JobPage.Fragment(Details(JobListTests.Job("j", "c"), []), frame, Window);

        Assert.Contains("actions are disabled: this console was started without --admin-token-file", html, StringComparison.Ordinal);
    }

    [Fact]
    public void JobPage_LoggedInNotPaused_RunNowAndPauseWithAReasonPostTheActionsWithTheAntiforgeryToken()
    {
        var html = JobPage.Fragment(Details(JobListTests.Job("nightly backup", "c"), [], JobListTests.Pauses()), Frame(loggedIn: true), Window);

        Assert.Contains("action=\"/api/v1/jobs/nightly%20backup/trigger\"", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/v1/jobs/nightly%20backup/pause\"", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"text\" name=\"reason\" maxlength=\"500\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/resume", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__csrf\" value=\"tok&#x2B;en\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void JobPage_Paused_SaysWhoWhenAndWhyAndOffersResumeOnly()
    {
        var html = JobPage.Fragment(Details(JobListTests.Job("j", "c"), [], JobListTests.Pauses(JobListTests.Pause("j", paused: true))), Frame(loggedIn: true), Window);

        Assert.Contains("\u275A\u275A Paused by alice@ops-1 at <time", html, StringComparison.Ordinal);
        Assert.Contains("(5m 0s ago)</span>: db migration.", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/v1/jobs/j/resume\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/pause\"", html, StringComparison.Ordinal);
        Assert.Contains("withheld while the job is paused", html, StringComparison.Ordinal);
    }

    [Fact]
    public void JobPage_PauseStateUnknown_OffersBoth()
    {
        var html = JobPage.Fragment(Details(JobListTests.Job("j", "c"), [], pauses: null), Frame(loggedIn: true), Window);

        Assert.Contains("/pause\"", html, StringComparison.Ordinal);
        Assert.Contains("/resume\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sparkline_Runs_OneBarEachWithATextEquivalent()
    {
        var svg = Outcome.Sparkline([RunOutcomes.Succeeded, RunOutcomes.Failed, RunOutcomes.Succeeded], 2.0 / 3);

        Assert.Equal(3, svg.Split("<rect ").Length - 1);
        Assert.Contains("aria-label=\"2 of 3 recent runs succeeded\"", svg, StringComparison.Ordinal);
        Assert.Contains("67%", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RunOutcomes.Succeeded, "ok", "\u2714")]
    [InlineData(RunOutcomes.Failed, "bad", "\u2716")]
    [InlineData(RunOutcomes.TimedOut, "bad", "\u25F7")]
    [InlineData(RunOutcomes.SkippedOverlap, "skip", "\u21B7")]
    [InlineData(RunOutcomes.Paused, "skip", "\u275A\u275A")]
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
        var summary = JobList.Summarize(job, RecentRuns.Of([JobListTests.Run("backup", RunOutcomes.Failed, 5)]).Find("backup"), JobListTests.Pauses(JobListTests.Pause("backup", paused: true)), Now);
        var list = new JobListPage([summary], 1, 1, new JobQuery(string.Empty, null, 1, 100), []);
        var catalog = new JobCatalogSnapshot(new JobFile([new ClusterDefinition("cluster-a")], [job]), "/jobs.yaml", [], Now);

        var html = JobsPage.Fragment(list, catalog, Frame(loggedIn: false), Window);

        Assert.Contains("href=\"/jobs/backup\"", html, StringComparison.Ordinal);
        Assert.Contains("title=\"paused by alice@ops-1 at 2026-03-02T09:55:00Z: db migration\">\u275A\u275A paused</span>", html, StringComparison.Ordinal);
        Assert.Contains("2026-03-02 10:01:00Z", html, StringComparison.Ordinal);
        Assert.Contains("in 1m 0s", html, StringComparison.Ordinal);
        Assert.Contains("class=\"outcome bad\"", html, StringComparison.Ordinal);
        Assert.Contains("exit 1", html, StringComparison.Ordinal);
        Assert.Contains(">2.0s<", html, StringComparison.Ordinal);
        Assert.Contains("followed from 24 h before the console started", html, StringComparison.Ordinal);
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
    [InlineData("Triggered backup on cluster-a: manual fire 1, concurrencyPolicy allow", true)]
    [InlineData("Logged in", true)]
    [InlineData("Your token expired, log in at evil.example", false)]
    public void IsOurs_Notice_OnlyTheConsolesOwnNoticesShow(string notice, bool shown) =>
        Assert.Equal(shown, Notices.IsOurs(notice));

    [Fact]
    public void Notices_EveryActionsNotice_IsShownEvenWithTheLongestNames()
    {
        var name = new string('j', NameRules.MaxLength);
        var job = JobListTests.Job(name, new string('c', NameRules.MaxLength)) with { Suspend = true };
        var by = new string('u', 64) + "@" + new string('h', 64);
        var paused = new JobPause { Job = name, Paused = true, By = by, At = Now, Reason = new string('r', 500) };
        var resumed = paused with { Paused = false };

        Assert.All(
            [
                Notices.Triggered(job, Guid.NewGuid().ToString()), Notices.Paused(new PauseChange(name, paused, paused)),
                Notices.Resumed(job, new PauseChange(name, paused, resumed)), Notices.Resumed(job, new PauseChange(name, null, null)),
                Notices.Replayed(name, Guid.NewGuid().ToString()), Notices.LoggedIn, Notices.LoggedOut,
            ],
            notice => Assert.True(Notices.IsOurs(notice), notice));
    }

    internal static PageFrame Frame(bool loggedIn) =>
        new("t", "jobs", ActionsEnabled: true, LoggedIn: loggedIn, "__csrf", "tok+en", "/jobs/j", 5, Now);

    private static JobDetails Details(JobDefinition job, IReadOnlyList<RunRecord> runs, ControlTopicState? pauses = null) =>
        new(job, JobList.Summarize(job, RecentRuns.Of(runs).Find(job.Name), pauses, Now), runs, runs.Count, [Now.AddMinutes(1)], []);
}
