using Cronos;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Core.Tests.Scheduling;

public sealed class StrictlyLaterTests
{
    private static readonly DateTimeOffset After = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Next_AnswerAfterTheInstant_IsReturnedAsIs()
    {
        var answer = After.AddMinutes(5);

        Assert.Equal(answer, StrictlyLater.Next(After, answer, static (a, _) => a));
    }

    [Fact]
    public void Next_AnswerEqualToTheInstant_AsksAgainFromLaterPoints()
    {
        var asked = new List<DateTimeOffset>();

        var next = StrictlyLater.Next(After, asked, static (asked, from) =>
        {
            asked.Add(from);
            return from < After.AddSeconds(5) ? After : After.AddMinutes(1);
        });

        Assert.Equal(After.AddMinutes(1), next);
        Assert.Equal([After, After.AddSeconds(1), After.AddSeconds(3), After.AddSeconds(7)], asked);
    }

    [Fact]
    public void Next_AnswerAlwaysBeforeTheInstant_GivesUpAfterBoundedRetriesWithNull()
    {
        var calls = new List<DateTimeOffset>();

        var next = StrictlyLater.Next(After, calls, static (calls, from) =>
        {
            calls.Add(from);
            return After.AddHours(-1);
        });

        Assert.Null(next);
        Assert.Equal(StrictlyLater.MaxRetries + 1, calls.Count);
    }

    [Fact]
    public void Next_NoMoreOccurrences_ReturnsNull() => Assert.Null(StrictlyLater.Next(After, 0, static (_, _) => null));

    // .NET's reading of the tz database on Linux puts Amman's 1973-06-06 midnight transition an hour off, and
    // Cronos answers the very instant it was asked about. The raw answer is checked first so that the test says
    // so when the platform stops misreporting it.
    [SkippableFact]
    public void NextAfter_AmmanMidnightTransition1973_IsStrictlyLater()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Amman");
        var after = DateTimeOffset.Parse("1973-06-05T23:00:00+02:00", System.Globalization.CultureInfo.InvariantCulture);
        var raw = CronExpression.Parse("0 * * * *").GetNextOccurrence(after, zone);
        Skip.If(raw > after, "this platform's tz data no longer misreports Asia/Amman in 1973");

        var next = ScheduleAssert.Parse("0 * * * *", "Asia/Amman").NextAfter(after);

        Assert.NotNull(next);
        Assert.True(next > after, $"{next:o} is not after {after:o}");
        Assert.True(next - after <= TimeSpan.FromHours(2));
    }

    // Not only history: Morocco's Ramadan transitions trip it every year, here on 2026-03-22 (02:00 +00:00 becomes
    // 03:00 +01:00 in the tz database; the platform answers 02:00+01:00, the instant asked about).
    [SkippableFact]
    public void NextAfter_CasablancaRamadanTransition2026_IsStrictlyLater()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Africa/Casablanca");
        var after = DateTimeOffset.Parse("2026-03-22T01:00:00+00:00", System.Globalization.CultureInfo.InvariantCulture);
        var raw = CronExpression.Parse("0 * * * *").GetNextOccurrence(after, zone);
        Skip.If(raw > after, "this platform's tz data no longer misreports Africa/Casablanca in 2026");

        var next = ScheduleAssert.Parse("0 * * * *", "Africa/Casablanca").NextAfter(after);

        Assert.NotNull(next);
        Assert.True(next > after, $"{next:o} is not after {after:o}");
        Assert.True(next - after <= TimeSpan.FromHours(2));
    }

    // Same story, but Cronos answers an instant before the one asked about (Istanbul, 1974-03-31).
    [SkippableFact]
    public void NextAfter_IstanbulSpringForward1974_IsStrictlyLater()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Istanbul");
        var after = DateTimeOffset.Parse("1974-03-31T02:37:00+03:00", System.Globalization.CultureInfo.InvariantCulture);
        var raw = CronExpression.Parse("30 2 * * *").GetNextOccurrence(after, zone);
        Skip.If(raw > after, "this platform's tz data no longer misreports Europe/Istanbul in 1974");

        var next = ScheduleAssert.Parse("30 2 * * *", "Europe/Istanbul").NextAfter(after);

        Assert.Equal("1974-04-01T02:30:00+03:00", ScheduleAssert.Format(next!.Value));
    }

    [Theory]
    [InlineData("America/Asuncion", "*/15 * * * *", "1972-09-30T20:00:00-04:00")]
    [InlineData("Asia/Amman", "0 * * * *", "1973-06-05T20:00:00+02:00")]
    [InlineData("Europe/Istanbul", "*/15 * * * *", "1973-06-02T22:00:00+02:00")]
    [InlineData("Asia/Damascus", "30 * * * * *", "1970-05-01T01:58:00+02:00")]
    [InlineData("Africa/Casablanca", "*/15 * * * *", "2026-03-21T23:00:00+00:00")]
    [InlineData("Africa/Casablanca", "30 2 * * *", "2026-03-20T00:00:00+00:00")]
    public void NextAfter_WalkingThroughMisreportedTransitions_AlwaysMovesForward(string zone, string expression, string from)
    {
        // A scheduler's loop: each answer is the next question. It must neither stall nor go back.
        var withSeconds = expression.Split(' ').Length == 6;

        ScheduleAssert.Next(ScheduleAssert.Parse(expression, zone, withSeconds), from, 40);
    }
}
