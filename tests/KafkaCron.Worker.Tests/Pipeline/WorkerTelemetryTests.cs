using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Pipeline;
using KafkaCron.Worker.Runs;

namespace KafkaCron.Worker.Tests.Pipeline;

public sealed class WorkerTelemetryTests
{
    private const string Canary = "kcron.canary.last_success";
    private static readonly DateTimeOffset Started = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RunFinished_CanaryOfItsClusterSucceeded_RecordsFinishTimeInUnixSeconds()
    {
        using var recorder = new MetricsRecorder();
        var telemetry = new WorkerTelemetry(recorder.Metrics, "cluster-a");

        telemetry.RunFinished(Fire("kcron-canary-cluster-a"), FireQueue.Main, Result(RunOutcome.Succeeded));

        var recorded = Assert.Single(recorder.Of(Canary));
        Assert.Equal(Started.ToUnixTimeSeconds() + 1.5, recorded.Value);
        Assert.Equal("cluster-a", recorded.Tags[MetricTags.Cluster]);
    }

    [Fact]
    public void RunFinished_RuntimeAndStartDelay_AreLabelledByJobAsDocumented()
    {
        using var recorder = new MetricsRecorder();
        var telemetry = new WorkerTelemetry(recorder.Metrics, "cluster-a");

        telemetry.RunFinished(Fire("backup"), FireQueue.Main, Result(RunOutcome.Succeeded));

        Assert.Equal("backup", Assert.Single(recorder.Of("kcron.job.runtime")).Tags[MetricTags.Job]);
        Assert.Equal("backup", Assert.Single(recorder.Of("kcron.job.start_delay")).Tags[MetricTags.Job]);
    }

    [Theory]
    [InlineData("kcron-canary-cluster-a", false)]
    [InlineData("kcron-canary-cluster-b", true)]
    [InlineData("backup", true)]
    public void RunFinished_FailedCanaryOrOtherJob_RecordsNoCanarySuccess(string job, bool succeeded)
    {
        using var recorder = new MetricsRecorder();
        var telemetry = new WorkerTelemetry(recorder.Metrics, "cluster-a");

        telemetry.RunFinished(Fire(job), FireQueue.Main, Result(succeeded ? RunOutcome.Succeeded : RunOutcome.Failed));

        Assert.Empty(recorder.Of(Canary));
    }

    private static FireMessage Fire(string job) => new()
    {
        FireId = "f1",
        Job = job,
        Command = "true",
        ScheduledAt = Started,
        PublishedAt = Started,
    };

    private static JobRunResult Result(RunOutcome outcome) => new()
    {
        Outcome = outcome,
        StartedAt = Started,
        Duration = TimeSpan.FromSeconds(1.5),
    };
}
