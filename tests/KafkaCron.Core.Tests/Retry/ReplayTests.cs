using KafkaCron.Core.Messages;
using KafkaCron.Core.Retry;

namespace KafkaCron.Core.Tests.Retry;

public sealed class ReplayTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Fresh_ExhaustedFire_IsAFirstAttemptWithThePolicysAttempts()
    {
        var exhausted = new FireMessage
        {
            FireId = "f",
            Job = "j",
            ScheduledAt = Now.AddHours(-1),
            PublishedAt = Now.AddHours(-1),
            Attempt = 5,
            RemainingAttempts = 0,
            NotBefore = Now.AddMinutes(-1),
            Retry = new RetrySpec { MaxAttempts = 5, InitialDelaySeconds = 1, Multiplier = 2, MaxDelaySeconds = 10 },
            History = [new AttemptRecord { Attempt = 5, Outcome = "failed" }],
        };

        var fresh = Replay.Fresh(exhausted, Now);

        Assert.Equal(("f", "j", 1, 4), (fresh.FireId, fresh.Job, fresh.Attempt, fresh.RemainingAttempts));
        Assert.Null(fresh.NotBefore);
        Assert.Null(fresh.History);
        Assert.Equal(Now, fresh.PublishedAt);
        Assert.Equal(exhausted.ScheduledAt, fresh.ScheduledAt);
    }

    [Fact]
    public void Fresh_NoPolicyCarried_UsesTheDefaultPolicy()
    {
        var fire = new FireMessage { FireId = "f", Job = "j", ScheduledAt = Now, PublishedAt = Now, Attempt = 3 };

        Assert.Equal(RetryPolicy.Default.MaxAttempts - 1, Replay.Fresh(fire, Now).RemainingAttempts);
    }
}
