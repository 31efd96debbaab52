using KafkaCron.Core.Leadership;
using KafkaCron.ZooKeeper.Status;

namespace KafkaCron.ZooKeeper.Tests.Status;

public sealed class ElectionStatusFormatterTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Format_LeaderStandbysAndCheckpoint_ShowsEachOnItsLine()
    {
        var status = new ElectionStatus
        {
            DeploymentId = "prod",
            DeploymentExists = true,
            Candidates =
            [
                new("c-aa-0000000007", "sched-1:4242", Now.AddMinutes(-90)),
                new("c-bb-0000000009", "sched-2:77", Now.AddSeconds(-42)),
            ],
            Epoch = 7,
            EpochChangedAt = Now.AddMinutes(-61),
            Checkpoint = new ScheduleCheckpoint
            {
                DeploymentId = "prod",
                Epoch = 7,
                WrittenAt = Now.AddMilliseconds(-850),
                ScheduledUpTo = Now.AddSeconds(-1),
                LastFired = new Dictionary<string, DateTimeOffset> { ["report"] = Now.AddHours(-1), ["backup"] = Now.AddMinutes(-5) },
                Pending = new Dictionary<string, DateTimeOffset> { ["report"] = Now.AddSeconds(-1), ["new"] = Now.AddSeconds(-2) },
                ReadBackFrom = [new("kcron.jobs.a", 0, 12), new("kcron.jobs.a", 1, 7)],
            },
        };

        var text = ElectionStatusFormatter.Format(status, Now);

        Assert.Equal(
            """
            deployment  prod
            leader      sched-1:4242  epoch 7  (candidate for 1 h 30 min, node c-aa-0000000007)
            standby     sched-2:77  (candidate for 42.0 s, node c-bb-0000000009)
            epoch       7, begun 1 h 1 min ago
            checkpoint  scheduled up to 2025-06-01T11:59:59Z, written 850 ms ago by epoch 7
              backup                   last fired 2025-06-01T11:55:00Z
              new                      pending 2025-06-01T11:59:58Z (owed again by the next leader unless read back)
              report                   last fired 2025-06-01T11:00:00Z, pending 2025-06-01T11:59:59Z (owed again by the next leader unless read back)
              read back from           kcron.jobs.a[0]@12, kcron.jobs.a[1]@7

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Format_RefusedCheckpoint_SaysSchedulerWillNotStartFromIt()
    {
        var status = new ElectionStatus { DeploymentId = "prod", DeploymentExists = true, Candidates = [], CheckpointError = "invalid JSON: x" };

        var text = ElectionStatusFormatter.Format(status, Now);

        Assert.Contains("leader      none: no scheduler replica is running", text, StringComparison.Ordinal);
        Assert.Contains("checkpoint  REFUSED: invalid JSON: x; a scheduler will not start from it", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_UnknownDeployment_SaysNoReplicaJoined()
    {
        var text = ElectionStatusFormatter.Format(new ElectionStatus { DeploymentId = "x", DeploymentExists = false, Candidates = [] }, Now);

        Assert.Equal("deployment  x\nleader      none: no scheduler replica has joined this deployment\n", text);
    }

    [Theory]
    [InlineData(-5, "0 ms")]
    [InlineData(0.25, "250 ms")]
    [InlineData(3.14, "3.1 s")]
    [InlineData(185, "3 min 5 s")]
    [InlineData(7620, "2 h 7 min")]
    [InlineData(273600, "3 d 4 h")]
    public void Age_Durations_ReadAsPlainUnits(double seconds, string expected)
    {
        Assert.Equal(expected, ElectionStatusFormatter.Age(TimeSpan.FromSeconds(seconds)));
    }
}
