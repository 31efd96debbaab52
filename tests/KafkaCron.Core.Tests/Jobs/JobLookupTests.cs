using KafkaCron.Core.Jobs;

namespace KafkaCron.Core.Tests.Jobs;

public sealed class JobLookupTests
{
    private static readonly JobFile File = new([new("cluster-a")],
    [
        new JobDefinition { Name = "nightly-backup", Schedule = "@daily", Cluster = "cluster-a", Command = "true" },
        new JobDefinition { Name = "report", Schedule = "@hourly", Cluster = "cluster-a", Command = "true" },
    ]);

    [Fact]
    public void TryFind_KnownJob_FindsIt()
    {
        Assert.True(JobLookup.TryFind(File, "report", "jobs.yaml", out var job, out _));
        Assert.Equal("report", job.Name);
    }

    [Fact]
    public void TryFind_NearMiss_NamesItAndSuggestsTheJobMeant()
    {
        Assert.False(JobLookup.TryFind(File, "nightly-bakup", "jobs.yaml", out _, out var problem));
        Assert.Equal("jobs.yaml has no job 'nightly-bakup' (did you mean 'nightly-backup'?)", problem);
    }

    [Fact]
    public void TryFind_NothingClose_NamesItOnly()
    {
        Assert.False(JobLookup.TryFind(File, "cleanup", "jobs.yaml", out _, out var problem));
        Assert.Equal("jobs.yaml has no job 'cleanup'", problem);
    }
}
