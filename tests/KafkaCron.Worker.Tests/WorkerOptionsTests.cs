using System.ComponentModel.DataAnnotations;
using KafkaCron.Worker.Execution;

namespace KafkaCron.Worker.Tests;

public sealed class WorkerOptionsTests
{
    [Fact]
    public void Defaults_ForCluster_DeriveGroupCapacityAndWorkerId()
    {
        var options = new WorkerOptions { Cluster = "cluster-a", Concurrency = 3 };

        Assert.Empty(Validate(options));
        Assert.Equal("kcron-cluster-a", options.EffectiveGroupId);
        Assert.Equal(2051, options.EffectivePipelineCapacity);
        Assert.EndsWith("-" + Environment.ProcessId, options.EffectiveWorkerId, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveGroupId_RetryWorker_HasItsOwnGroup()
    {
        Assert.Equal("kcron-cluster-a-retry", new WorkerOptions { Cluster = "cluster-a", Retry = true }.EffectiveGroupId);
        Assert.Equal("mine", new WorkerOptions { Cluster = "cluster-a", Retry = true, GroupId = "mine" }.EffectiveGroupId);
    }

    [Theory]
    [InlineData("", 2, 0, "Worker:Cluster")]
    [InlineData("a b", 2, 0, "Worker:Cluster")]
    [InlineData("a", 0, 0, "Worker:Concurrency")]
    [InlineData("a", 4, 2, "Worker:PipelineCapacity")]
    public void Validate_BadSetting_NamesIt(string cluster, int concurrency, int capacity, string named)
    {
        var options = new WorkerOptions { Cluster = cluster, Concurrency = concurrency, PipelineCapacity = capacity };

        Assert.Contains(Validate(options), result => result.ErrorMessage!.Contains(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(WorkerOptions.MaxJobMetricsMaxJobs + 1)]
    public void Validate_JobMetricsMaxJobsOutOfRange_NamesItAndItsRange(int maxJobs)
    {
        var options = new WorkerOptions { Cluster = "a", JobMetricsMaxJobs = maxJobs };

        Assert.Equal("Worker:JobMetricsMaxJobs must be between 0 and 390", Assert.Single(Validate(options)).ErrorMessage);
    }

    [Fact]
    public void MaxJobMetricsMaxJobs_EveryOutcomeOfEveryLabelledJob_FitsTheExportersSeriesLimit()
    {
        const int ExporterSeriesPerMetric = 2_000;
        // Every way a run ends, plus replaced (concurrencyPolicy: replace), which is counted without a run result.
        var outcomes = Enum.GetValues<RunOutcome>().Length + 1;
        const int LabelsBesideTheCap = 2; // the canary and _other

        Assert.True(outcomes * (WorkerOptions.MaxJobMetricsMaxJobs + LabelsBesideTheCap) < ExporterSeriesPerMetric);
        Assert.Equal(200, new WorkerOptions().JobMetricsMaxJobs);
    }

    private static List<ValidationResult> Validate(WorkerOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
