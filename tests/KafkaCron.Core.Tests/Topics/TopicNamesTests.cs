using KafkaCron.Core.Topics;

namespace KafkaCron.Core.Tests.Topics;

public sealed class TopicNamesTests
{
    [Fact]
    public void All_Cluster_IsItsJobsRetryDeadLetterAndRunsTopics()
    {
        Assert.Equal(["kcron.jobs.a", "kcron.retry.a", "kcron.dead.a", "kcron.runs.a"], new TopicNames().All("a"));
    }

    [Fact]
    public void Control_IsOneTopicForAllClusters()
    {
        Assert.Equal("kcron.control", new TopicNames().Control);
    }

    [Theory]
    [InlineData("kcron.runs.cluster-a", true)]
    [InlineData("kcron.runs.", false)]
    [InlineData("kcron.jobs.cluster-a", false)]
    [InlineData("kcron.control", false)]
    public void IsRuns_DefaultTemplate_RecognisesEveryClustersRunsTopic(string topic, bool expected)
    {
        Assert.Equal(expected, new TopicNames().IsRuns(topic));
    }

    [Fact]
    public void IsRuns_TemplateWithASuffix_MatchesPrefixAndSuffix()
    {
        var names = new TopicNames { RunsTemplate = "prod.{cluster}.runs" };

        Assert.True(names.IsRuns("prod.cluster-a.runs"));
        Assert.False(names.IsRuns("prod.cluster-a.jobs"));
        Assert.Equal("prod.cluster-a.runs", names.Runs("cluster-a"));
    }
}
