namespace KafkaCron.Scheduler.Tests;

public sealed class SchedulerOptionsTests
{
    [Fact]
    public void PendingRetryDelay_RepeatedFailures_DoublesUpToTheMaximum()
    {
        var options = new SchedulerOptions { PendingRetryInitialSeconds = 1, PendingRetryMaxSeconds = 10 };

        var delays = Enumerable.Range(1, 6).Select(options.PendingRetryDelay).Select(d => d.TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
        Assert.Equal(10, options.PendingRetryDelay(int.MaxValue).TotalSeconds);
    }

    [Fact]
    public void Clusters_NoneConfigured_AreEmptySoTheJobFileDeclaresThem()
    {
        Assert.Empty(new SchedulerOptions().Clusters);
    }

    [Fact]
    public void Validate_MissingJobFile_FailsNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kcron-missing-{Guid.NewGuid():N}.yaml");

        var result = new SchedulerOptionsValidator().Validate(null, new SchedulerOptions { JobsFile = path });

        Assert.True(result.Failed);
        Assert.Contains(path, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateOrEmptyClusters_Fails()
    {
        var options = new SchedulerOptions();
        options.Clusters.Add("cluster-a");
        options.Clusters.Add("cluster-a");
        options.Clusters.Add(" ");

        var result = new SchedulerOptionsValidator().Validate(null, options);

        Assert.Contains("cluster-a named more than once", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("a cluster name is empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnparsableCanarySchedule_FailsNamingTheSetting()
    {
        var result = new SchedulerOptionsValidator().Validate(null, new SchedulerOptions { CanarySchedule = "every minute" });

        Assert.Contains("Scheduler:CanarySchedule:", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExistingFileAndDefaults_Succeeds()
    {
        var path = Path.GetTempFileName();
        try
        {
            Assert.True(new SchedulerOptionsValidator().Validate(null, new SchedulerOptions { JobsFile = path }).Succeeded);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
