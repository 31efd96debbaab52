using KafkaCron.Core.Telemetry;

namespace KafkaCron.Core.Tests.Telemetry;

public sealed class CanaryJobTests
{
    [Fact]
    public void NameFor_Cluster_PrefixesTheClusterName() => Assert.Equal("kcron-canary-alpha", CanaryJob.NameFor("alpha"));

    [Theory]
    [InlineData("kcron-canary-alpha", "alpha", true)]
    [InlineData("kcron-canary-alpha", "beta", false)]
    [InlineData("backup", "alpha", false)]
    public void IsCanary_JobAndCluster_MatchesOnlyThatClustersCanary(string job, string cluster, bool expected) =>
        Assert.Equal(expected, CanaryJob.IsCanary(job, cluster));
}
