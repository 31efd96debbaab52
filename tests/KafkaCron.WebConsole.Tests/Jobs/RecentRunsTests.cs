using KafkaCron.Core.Runs;
using KafkaCron.WebConsole.Jobs;

namespace KafkaCron.WebConsole.Tests.Jobs;

public sealed class RecentRunsTests
{
    [Fact]
    public void Apply_RunsInWrittenOrder_LastEndedWithoutOutputAndTheLatestOutcomesThatRan()
    {
        var book = new RecentRuns();
        var runs = Enumerable.Range(0, 25)
            .Select(i => JobListTests.Run("j", i < 5 ? RunOutcomes.Failed : RunOutcomes.Succeeded, 100 - i) with { StdoutTail = "out", StderrTail = "err" })
            .Append(JobListTests.Run("j", RunOutcomes.SkippedOverlap, 1))
            .Append(JobListTests.Run("other", RunOutcomes.Failed, 0));

        foreach (var run in runs)
        {
            book.Apply(run);
        }

        var found = book.Find("j");
        Assert.NotNull(found);
        Assert.Equal(RunOutcomes.SkippedOverlap, found.Last.Outcome);
        Assert.Equal((null, null), (found.Last.StdoutTail, found.Last.StderrTail));
        // The five failures were the oldest of 25 runs that ran: the latest twenty all succeeded; the skip is not one.
        Assert.Equal(Enumerable.Repeat(RunOutcomes.Succeeded, JobList.RecentRuns), found.Outcomes);
        Assert.Equal(RunOutcomes.Failed, book.Find("other")?.Last.Outcome);
        Assert.Null(book.Find("never-ran"));
    }

    [Fact]
    public void Apply_ALateRecordOfAnEarlierRun_DoesNotReplaceTheLastRun()
    {
        var book = new RecentRuns();
        var later = JobListTests.Run("j", RunOutcomes.Succeeded, 1);
        var earlier = JobListTests.Run("j", RunOutcomes.Failed, 5);

        book.Apply(later);
        book.Apply(earlier);

        Assert.Equal(later.FireId, book.Find("j")?.Last.FireId);
    }

    [Fact]
    public void Of_RunsInAnyOrder_FoldedByWhenTheyEnded()
    {
        var runs = new[]
        {
            JobListTests.Run("j", RunOutcomes.Succeeded, 1), JobListTests.Run("j", RunOutcomes.Failed, 3), JobListTests.Run("j", RunOutcomes.TimedOut, 2),
        };

        var found = RecentRuns.Of(runs).Find("j");

        Assert.Equal([RunOutcomes.Failed, RunOutcomes.TimedOut, RunOutcomes.Succeeded], found?.Outcomes);
        Assert.Equal(runs[0].FireId, found?.Last.FireId);
    }
}
