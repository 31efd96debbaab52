using KafkaCron.Core.Messages;
using KafkaCron.Core.Retry;
using KafkaCron.Core.Tests.Messages;

namespace KafkaCron.Core.Tests.Retry;

public sealed class RetryPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 3, 0, 5, TimeSpan.Zero);

    private static readonly RetrySpec Policy = new() { MaxAttempts = 4, InitialDelaySeconds = 10, Multiplier = 2, MaxDelaySeconds = 25, Jitter = 0 };

    private static AttemptRecord Failure(int attempt) => new() { Attempt = attempt, StartedAt = Now.AddSeconds(-1), DurationSeconds = 1, ExitCode = 1, Outcome = "failed" };

    [Fact]
    public void Decide_AttemptsLeft_SchedulesTheNextAttemptAfterTheBackoff()
    {
        var fire = FireMessageCodecTests.Minimal() with { Attempt = 1, RemainingAttempts = 3, Retry = Policy };

        var decision = Assert.IsType<RetryDecision.Retry>(RetryPlanner.Decide(fire, Failure(1), Now, random: 0.5));

        Assert.Equal(2, decision.Next.Attempt);
        Assert.Equal(2, decision.Next.RemainingAttempts);
        Assert.Equal(Now.AddSeconds(10), decision.Next.NotBefore);
        Assert.Equal(fire.FireId, decision.Next.FireId);
        Assert.Equal(fire.ScheduledAt, decision.Next.ScheduledAt);
        Assert.Equal([Failure(1)], decision.Next.History);
    }

    [Fact]
    public void Decide_NoAttemptsLeft_IsExhaustedWithTheWholeHistory()
    {
        var fire = FireMessageCodecTests.Minimal() with { Attempt = 4, RemainingAttempts = 0, Retry = Policy, History = [Failure(1), Failure(2), Failure(3)] };

        var decision = Assert.IsType<RetryDecision.Exhausted>(RetryPlanner.Decide(fire, Failure(4), Now, random: 0.5));

        Assert.Equal([1, 2, 3, 4], decision.Final.History!.Select(a => a.Attempt));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 25)]
    [InlineData(60, 25)]
    [InlineData(5000, 25)]
    public void Delay_GrowsByTheMultiplierAndStopsAtTheMaximum(int attempt, double expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryPlanner.Delay(Policy, attempt, random: 0.5));
    }

    [Theory]
    [InlineData(0.0, 8)]
    [InlineData(0.5, 10)]
    [InlineData(0.999999, 12)]
    public void Delay_WithJitter_SpreadsWithinTheFraction(double random, double expectedSeconds)
    {
        var jittered = Policy with { Jitter = 0.2 };

        Assert.Equal(expectedSeconds, RetryPlanner.Delay(jittered, 1, random).TotalSeconds, precision: 3);
    }

    [Fact]
    public void Delay_JitterNeverExceedsTheMaximum()
    {
        var jittered = Policy with { Jitter = 1 };

        Assert.Equal(TimeSpan.FromSeconds(25), RetryPlanner.Delay(jittered, 10, random: 0.999999));
    }

    [Fact]
    public void Decide_LongHistory_KeepsOnlyTheLatestAttempts()
    {
        var history = Enumerable.Range(1, 30).Select(Failure).ToList();
        var fire = FireMessageCodecTests.Minimal() with { Attempt = 31, RemainingAttempts = 5, Retry = Policy, History = history };

        var decision = Assert.IsType<RetryDecision.Retry>(RetryPlanner.Decide(fire, Failure(31), Now, 0.5));

        Assert.Equal(RetryPlanner.MaxHistory, decision.Next.History!.Count);
        Assert.Equal(31, decision.Next.History[^1].Attempt);
    }

    [Fact]
    public void Delay_WithoutPolicyInTheMessage_UsesTheDefaultPolicy()
    {
        Assert.Equal(RetryPolicy.Default.InitialDelay, RetryPlanner.Delay(null, 1, random: 0.5));
    }
}
