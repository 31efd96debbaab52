using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using static KafkaCron.Core.Tests.Runs.RunRecordCodecTests;

namespace KafkaCron.Core.Tests.Runs;

public sealed class RunHistoryTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Matches_SinceJobAndFailed_FilterOnEndJobAndOutcome()
    {
        var query = new RunHistoryQuery { Cluster = "cluster-a", Since = T, Job = "nightly-backup", FailedOnly = true };

        Assert.True(query.Matches(Sample(RunOutcomes.Killed) with { FinishedAt = T }));
        Assert.False(query.Matches(Sample(RunOutcomes.Killed) with { FinishedAt = T.AddTicks(-1) }));
        Assert.False(query.Matches(Sample(RunOutcomes.Killed) with { Job = "other" }));
        Assert.False(query.Matches(Sample(RunOutcomes.SkippedOverlap) with { FinishedAt = T }));
        Assert.False(query.TakesEveryRecord);
        Assert.True((query with { Job = null, FailedOnly = false }).TakesEveryRecord);
    }

    [Fact]
    public void Of_MoreThanTheLimit_KeepsThoseThatFinishedLastListedByWhenTheyStarted()
    {
        var longRun = Sample(RunOutcomes.Succeeded) with { FireId = "long", StartedAt = T, FinishedAt = T.AddMinutes(10) };
        var early = Sample(RunOutcomes.Succeeded) with { FireId = "early", StartedAt = T.AddMinutes(1), FinishedAt = T.AddMinutes(2) };
        var skipped = Sample(RunOutcomes.SkippedOverlap) with { FireId = "skip", StartedAt = null, FinishedAt = T.AddMinutes(5) };
        var first = Sample(RunOutcomes.Succeeded) with { FireId = "first", StartedAt = T.AddMinutes(-5), FinishedAt = T.AddMinutes(-4) };

        var history = RunHistory.Of([early, longRun, skipped, first], limit: 3, skipped: []);

        Assert.Equal(["long", "early", "skip"], history.Runs.Select(r => r.FireId));
        Assert.Equal(4, history.Matched);
    }

    [Theory]
    [InlineData(RunOutcomes.Succeeded, 2, true)]
    [InlineData(RunOutcomes.Failed, 2, false)]
    [InlineData(RunOutcomes.TimedOut, 1, false)]
    [InlineData(RunOutcomes.Killed, 0, true)]
    [InlineData(RunOutcomes.Failed, null, true)]
    [InlineData(RunOutcomes.SkippedOverlap, 2, true)]
    [InlineData(RunOutcomes.Replaced, 2, true)]
    public void EndsTheFire_OnlyAFailureWithAttemptsLeftIsFollowedByAnother(string outcome, int? remaining, bool ends)
    {
        Assert.Equal(ends, RunOutcomes.EndsTheFire(Sample(outcome) with { RemainingAttempts = remaining }));
    }

    [Fact]
    public void Exit_IsTheSignalNameTheExitCodeOrNone()
    {
        Assert.Equal("SIGKILL", RunText.Exit(Sample(RunOutcomes.Killed)));
        Assert.Equal("3", RunText.Exit(Sample(RunOutcomes.Failed)));
        Assert.Equal("-", RunText.Exit(Sample(RunOutcomes.Paused)));
    }

    [Theory]
    [InlineData(0.0123, "12ms")]
    [InlineData(12.34, "12.3s")]
    [InlineData(245, "4m05s")]
    [InlineData(7380, "2h03m")]
    public void Duration_IsShortAndReadable(double seconds, string expected)
    {
        Assert.Equal(expected, RunText.Duration(Sample(RunOutcomes.Succeeded) with { DurationSeconds = seconds }));
    }

    [Fact]
    public void FirstLine_StdoutElseStderrElseWhy_OneLineWithoutControlCharactersAndCut()
    {
        Assert.Equal("dumped 12 tables", RunText.FirstLine(Sample(RunOutcomes.Succeeded) with { StdoutTail = "\n  dumped 12 tables\nmore\n" }));
        Assert.Equal("boom", RunText.FirstLine(Sample(RunOutcomes.Failed) with { StdoutTail = null, StderrTail = "boom\n" }));
        Assert.Equal("paused by alice@ops-1 at 2026-11-26T18:00:00Z: db migration", RunText.FirstLine(Sample(RunOutcomes.Paused)));
        Assert.Equal("a b", RunText.FirstLine(Sample(RunOutcomes.Failed) with { StdoutTail = "a\u001bb\r\n" }));
        Assert.Equal("abcdefg...", RunText.FirstLine(Sample(RunOutcomes.Failed) with { StdoutTail = "abcdefghijklmnop" }, width: 10));
        Assert.Equal(string.Empty, RunText.FirstLine(Sample(RunOutcomes.Succeeded) with { StdoutTail = null, StderrTail = null, Detail = null }));
    }

    [Fact]
    public void Instant_IsUtcWithMilliseconds()
    {
        Assert.Equal("2026-11-27T03:00:00.004Z", RunText.Instant(new DateTimeOffset(2026, 11, 27, 4, 0, 0, 4, TimeSpan.FromHours(1))));
    }

    [Fact]
    public void Undecodable_ReadsAsWhereAndWhat()
    {
        Assert.Equal("kcron.runs.a [1] @42: invalid JSON", new UndecodableRecord("kcron.runs.a", 1, 42, "invalid JSON").ToString());
    }
}
