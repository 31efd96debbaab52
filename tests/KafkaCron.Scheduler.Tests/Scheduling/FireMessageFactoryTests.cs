using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Retry;
using KafkaCron.Core.Scheduling;
using static KafkaCron.Scheduler.Tests.TestSupport.Jobs;

namespace KafkaCron.Scheduler.Tests.Scheduling;

public sealed class FireMessageFactoryTests
{
    [Fact]
    public void Create_FullJob_CarriesEverythingAWorkerNeedsAsAFirstAttempt()
    {
        var job = Job("backup", cluster: "cluster-b") with
        {
            Command = null,
            Args = ["/usr/bin/backup", "--all"],
            Env = new Dictionary<string, string> { ["MODE"] = "full" },
            WorkingDirectory = "/srv",
            Timeout = TimeSpan.FromMinutes(5),
            ConcurrencyPolicy = ConcurrencyPolicy.Forbid,
            Retry = new RetryPolicy
            {
                MaxAttempts = 4,
                InitialDelay = TimeSpan.FromSeconds(5),
                Multiplier = 3,
                MaxDelay = TimeSpan.FromMinutes(1),
                Jitter = 0.2,
            },
        };
        var scheduledAt = new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2));

        var fire = FireMessageFactory.Create(job, scheduledAt, scheduledAt.AddMilliseconds(3), "fire-1", epoch: 9);

        Assert.Equal("fire-1", fire.FireId);
        Assert.Equal("backup", fire.Job);
        Assert.Equal("cluster-b", fire.Cluster);
        Assert.Null(fire.Command);
        Assert.Equal(["/usr/bin/backup", "--all"], fire.Args);
        Assert.Equal("full", fire.Env!["MODE"]);
        Assert.Equal("/srv", fire.WorkingDirectory);
        Assert.Equal(TimeSpan.Zero, fire.ScheduledAt.Offset);
        Assert.Equal(scheduledAt, fire.ScheduledAt);
        Assert.Equal(scheduledAt.AddMilliseconds(3), fire.PublishedAt);
        Assert.Equal(1, fire.Attempt);
        Assert.Equal(3, fire.RemainingAttempts);
        Assert.Equal(300, fire.TimeoutSeconds);
        Assert.Equal("forbid", fire.ConcurrencyPolicy);
        Assert.Equal(new RetrySpec { MaxAttempts = 4, InitialDelaySeconds = 5, Multiplier = 3, MaxDelaySeconds = 60, Jitter = 0.2 }, fire.Retry);
        Assert.Equal(9, fire.Epoch);
        Assert.Null(fire.NotBefore);
        Assert.Null(fire.History);
    }

    [Fact]
    public void Create_MinimalJob_RoundTripsThroughTheCodec()
    {
        var fire = FireMessageFactory.Create(Job("a") with { Retry = new RetryPolicy { MaxAttempts = 1 } }, T0, T0, "fire-2", epoch: null);

        var decoded = FireMessageCodec.Decode(FireMessageCodec.Encode(fire), "cluster-a");

        Assert.True(decoded.IsSuccess, decoded.Error);
        Assert.Equal(0, decoded.Fire.RemainingAttempts);
        Assert.Null(decoded.Fire.Env);
        Assert.Null(decoded.Fire.Epoch);
        Assert.Null(decoded.Fire.TimeoutSeconds);
        Assert.Equal("a@2026-01-01T00:00:00.000Z", decoded.Fire.IdempotencyKey);
    }

    [Theory]
    [InlineData(ConcurrencyPolicy.Allow, "allow")]
    [InlineData(ConcurrencyPolicy.Forbid, "forbid")]
    [InlineData(ConcurrencyPolicy.Replace, "replace")]
    public void Of_EachPolicy_IsItsLowerCaseWireName(ConcurrencyPolicy policy, string expected)
    {
        Assert.Equal(expected, ConcurrencyPolicyNames.Of(policy));
    }

    [Fact]
    public void Manual_Job_IsItsScheduledFireDueNowMarkedManualWithoutAnEpoch()
    {
        var job = Job("backup") with { ConcurrencyPolicy = ConcurrencyPolicy.Forbid, Timeout = TimeSpan.FromMinutes(5) };
        var now = new DateTimeOffset(2026, 3, 29, 3, 1, 2, TimeSpan.Zero);

        var fire = FireMessageFactory.Manual(job, now, "fire-9");

        Assert.Equal(FireMessageFactory.Create(job, now, now, "fire-9", epoch: null) with { Trigger = FireTriggers.Manual }, fire);
        Assert.True(fire.IsManual);
        Assert.Null(fire.Epoch);
        Assert.Equal(now, fire.ScheduledAt);
        Assert.Equal("forbid", fire.ConcurrencyPolicy);
    }
}
