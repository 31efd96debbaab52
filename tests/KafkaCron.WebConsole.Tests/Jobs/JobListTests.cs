using KafkaCron.Core.Control;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.WebConsole.Jobs;

namespace KafkaCron.WebConsole.Tests.Jobs;

public sealed class JobListTests
{
    internal static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Select_FilterAndPage_KeepsFileOrderAndCountsEveryMatch()
    {
        var file = File(Enumerable.Range(1, 25).Select(i => Job($"job-{i:00}", i % 2 == 0 ? "cluster-b" : "cluster-a")).ToArray());

        var (page, matching) = JobList.Select(file, new JobQuery("JOB-1", null, 2, 5));

        Assert.Equal(10, matching);
        Assert.Equal(["job-15", "job-16", "job-17", "job-18", "job-19"], page.Select(j => j.Name));
    }

    [Fact]
    public void Select_Cluster_OnlyThatClustersJobs()
    {
        var file = File(Job("a1", "cluster-a"), Job("b1", "cluster-b"), Job("a2", "cluster-a"));

        var (page, matching) = JobList.Select(file, new JobQuery(string.Empty, "cluster-a", 1, 10));

        Assert.Equal(["a1", "a2"], page.Select(j => j.Name));
        Assert.Equal(2, matching);
    }

    [Fact]
    public void Summarize_Runs_LastRunIsTheLastToEndAndSkippedRunsStayOutOfTheSuccessRate()
    {
        var job = Job("backup", "cluster-a");
        var runs = new[]
        {
            Run("backup", RunOutcomes.Failed, 2),
            Run("backup", RunOutcomes.SkippedOverlap, 1),
            Run("backup", RunOutcomes.Succeeded, 3),
            Run("other", RunOutcomes.Failed, 0),
        };

        var summary = Assert.Single(JobList.Summarize([job], j => RecentRuns.Of(runs).Find(j.Name), Pauses(Pause("backup", paused: true)), Now));

        Assert.Equal(RunOutcomes.SkippedOverlap, summary.LastRun?.Outcome);
        Assert.Equal([RunOutcomes.Succeeded, RunOutcomes.Failed], summary.Recent);
        Assert.Equal(0.5, summary.SuccessRate);
        Assert.True(summary.Paused);
        Assert.Equal(("alice@ops-1", "db migration"), (summary.Pause?.By, summary.Pause?.Reason));
        Assert.Equal(Now.AddMinutes(1), summary.NextFireAt);
    }

    [Fact]
    public void Summarize_ResumedJob_NotPausedAndNoPauseShown()
    {
        var summary = JobList.Summarize(Job("backup", "cluster-a"), null, Pauses(Pause("backup", paused: false)), Now);

        Assert.False(summary.Paused);
        Assert.Null(summary.Pause);
    }

    [Fact]
    public void Summarize_ControlTopicUnread_PausedUnknown()
    {
        var summary = JobList.Summarize(Job("backup", "cluster-a"), null, pauses: null, Now);

        Assert.Null(summary.Paused);
    }

    [Fact]
    public void Summarize_ManyRuns_SparklineKeepsTheLatestTwenty()
    {
        var runs = Enumerable.Range(0, 30).Select(i => Run("j", i < 10 ? RunOutcomes.Failed : RunOutcomes.Succeeded, 30 - i)).ToList();

        var summary = JobList.Summarize(Job("j", "c"), RecentRuns.Of(runs).Find("j"), Pauses(), Now);

        Assert.Equal(JobList.RecentRuns, summary.Recent.Count);
        Assert.Equal(1.0, summary.SuccessRate);
        Assert.False(summary.Paused);
    }

    [Fact]
    public void Summarize_SuspendedJob_HasNoNextFire()
    {
        var summary = JobList.Summarize(Job("j", "c") with { Suspend = true }, null, null, Now);

        Assert.Null(summary.NextFireAt);
        Assert.True(summary.Suspended);
        Assert.Null(summary.SuccessRate);
    }

    internal static JobDefinition Job(string name, string cluster) => new() { Name = name, Schedule = "* * * * *", Cluster = cluster, Command = "true" };

    internal static RunRecord Run(string job, string outcome, int minutesAgo) => new()
    {
        FireId = Guid.NewGuid().ToString(),
        Job = job,
        Cluster = "cluster-a",
        Trigger = FireTriggers.Scheduled,
        ScheduledAt = Now.AddMinutes(-minutesAgo),
        StartedAt = Now.AddMinutes(-minutesAgo),
        FinishedAt = Now.AddMinutes(-minutesAgo).AddSeconds(2),
        DurationSeconds = 2,
        Outcome = outcome,
        ExitCode = outcome == RunOutcomes.Succeeded ? 0 : 1,
        Worker = "w1",
    };

    internal static JobPause Pause(string job, bool paused) =>
        new() { Job = job, Paused = paused, By = "alice@ops-1", At = Now.AddMinutes(-5), Reason = "db migration" };

    internal static ControlTopicState Pauses(params JobPause[] pauses) => new(pauses.ToDictionary(p => p.Job, StringComparer.Ordinal), []);

    private static JobFile File(params JobDefinition[] jobs) =>
        new(jobs.Select(j => j.Cluster).Distinct().Select(c => new ClusterDefinition(c)).ToList(), jobs);
}
