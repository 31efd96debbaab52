using KafkaCron.Core.Jobs;
using KafkaCron.Scheduler.Canary;
using static KafkaCron.Scheduler.Tests.TestSupport.Jobs;

namespace KafkaCron.Scheduler.Tests.Canary;

public sealed class CanaryJobsTests
{
    [Fact]
    public void AddTo_Defaults_AddsOneEveryMinuteCanaryPerDeclaredCluster()
    {
        var file = CanaryJobs.AddTo(File(Job("a")), new SchedulerOptions());

        Assert.Equal(["a", "kcron-canary-cluster-a", "kcron-canary-cluster-b"], file.Jobs.Select(j => j.Name));
        var canary = file.Jobs[1];
        Assert.Equal("* * * * *", canary.Schedule);
        Assert.Equal("cluster-a", canary.Cluster);
        Assert.Equal("true", canary.Command);
        Assert.Equal(1, canary.Retry.MaxAttempts);
        Assert.Equal(MisfirePolicy.Skip, canary.MisfirePolicy);
    }

    [Fact]
    public void AddTo_ConfiguredSchedule_IsUsed()
    {
        var file = CanaryJobs.AddTo(File(), new SchedulerOptions { CanarySchedule = "*/10 * * * * *" });

        Assert.All(file.Jobs, job => Assert.Equal("*/10 * * * * *", job.Schedule));
    }

    [Fact]
    public void AddTo_Disabled_LeavesTheJobFileAsItIs()
    {
        var original = File(Job("a"));

        Assert.Same(original, CanaryJobs.AddTo(original, new SchedulerOptions { CanaryEnabled = false }));
    }
}
