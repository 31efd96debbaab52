using System.Collections.Concurrent;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Telemetry;

namespace KafkaCron.Core.Tests.Telemetry;

public sealed class JobLabelCapTests
{
    [Fact]
    public void For_FirstMaxJobs_KeepTheirNamesAndLaterJobsAreOther()
    {
        var cap = new JobLabelCap("alpha", maxJobs: 2);

        Assert.Equal(["a", "b", JobLabelCap.OtherJobs, JobLabelCap.OtherJobs], new[] { "a", "b", "c", "d" }.Select(cap.For));
    }

    [Fact]
    public void For_JobsSeenAgain_KeepTheLabelTheyGotFirst()
    {
        var cap = new JobLabelCap("alpha", maxJobs: 1);
        cap.For("a");
        cap.For("b");

        Assert.Equal(["a", JobLabelCap.OtherJobs, "a"], new[] { "a", "b", "a" }.Select(cap.For));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void For_ItsClustersCanary_KeepsItsNameWithoutTakingASlot(int maxJobs)
    {
        var cap = new JobLabelCap("alpha", maxJobs);
        cap.For("a");

        Assert.Equal("kcron-canary-alpha", cap.For("kcron-canary-alpha"));
        Assert.Equal(JobLabelCap.OtherJobs, cap.For("kcron-canary-beta"));
    }

    [Fact]
    public void For_CapReached_CallsBackOnceWithTheFirstJobPastIt()
    {
        var reached = new List<string>();
        var cap = new JobLabelCap("alpha", maxJobs: 1, reached.Add);

        foreach (var job in new[] { "a", "b", "c", "a", "b" })
        {
            cap.For(job);
        }

        Assert.Equal(["b"], reached);
    }

    [Fact]
    public void For_100000JobsFromEightThreads_LabelsExactlyMaxJobsAndCallsBackOnce()
    {
        const int Jobs = 100_000;
        var reached = new ConcurrentQueue<string>();
        var cap = new JobLabelCap("alpha", maxJobs: 200, reached.Enqueue);
        var labels = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        Parallel.For(0, Jobs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            labels.AddOrUpdate(cap.For("job-" + i), 1, (_, count) => count + 1));

        Assert.Equal(201, labels.Count);
        Assert.Equal(Jobs, labels.Values.Sum());
        Assert.Equal(Jobs - 200, labels[JobLabelCap.OtherJobs]);
        Assert.Single(reached);
    }

    [Fact]
    public void OtherJobs_IsNeverAValidJobName() => Assert.False(NameRules.IsValid(JobLabelCap.OtherJobs));

    [Fact]
    public void Constructor_NegativeCap_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new JobLabelCap("alpha", -1));
}
