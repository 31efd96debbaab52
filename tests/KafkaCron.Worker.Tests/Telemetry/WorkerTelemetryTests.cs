using System.Collections.Concurrent;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaCron.Worker.Tests.Telemetry;

public sealed class WorkerTelemetryTests : IDisposable
{
    private const string Canary = "kcron.canary.last_success";
    private const string Runtime = "kcron.job.runtime";
    private const string StartDelay = "kcron.job.start_delay";
    private const string Completed = "kcron.jobs.completed";
    private static readonly DateTimeOffset Started = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly MetricsRecorder _recorder = new();

    [Fact]
    public void RunFinished_CanaryOfItsClusterSucceeded_RecordsFinishTimeInUnixSeconds()
    {
        Telemetry().RunFinished(Fire("kcron-canary-cluster-a"), FireQueue.Main, Result(RunOutcome.Succeeded));

        var recorded = Assert.Single(_recorder.Of(Canary));
        Assert.Equal(Started.ToUnixTimeSeconds() + 1.5, recorded.Value);
        Assert.Equal("cluster-a", recorded.Tags[MetricTags.Cluster]);
    }

    [Theory]
    [InlineData("kcron-canary-cluster-a", false)]
    [InlineData("kcron-canary-cluster-b", true)]
    [InlineData("backup", true)]
    public void RunFinished_FailedCanaryOrOtherJob_RecordsNoCanarySuccess(string job, bool succeeded)
    {
        Telemetry().RunFinished(Fire(job), FireQueue.Main, Result(succeeded ? RunOutcome.Succeeded : RunOutcome.Failed));

        Assert.Empty(_recorder.Of(Canary));
    }

    [Fact]
    public void RunFinished_Job_HistogramsCarryNoJobLabelAndTheCounterNamesIt()
    {
        Telemetry().RunFinished(Fire("backup"), FireQueue.Retry, Result(RunOutcome.Timeout));

        Assert.Equal(
            [MetricTags.Cluster, MetricTags.Outcome, MetricTags.Queue],
            Assert.Single(_recorder.Of(Runtime)).Tags.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([MetricTags.Cluster, MetricTags.Queue], Assert.Single(_recorder.Of(StartDelay)).Tags.Keys.Order(StringComparer.Ordinal));
        var completed = Assert.Single(_recorder.Of(Completed));
        Assert.Equal(("backup", MetricTags.QueueRetry, MetricTags.OutcomeTimeout),
            (completed.Tags[MetricTags.Job], completed.Tags[MetricTags.Queue], completed.Tags[MetricTags.Outcome]));
    }

    [Fact]
    public void RunFinished_ItsClustersCanary_KeepsItsNameOnTheHistogramsPastTheCap()
    {
        var telemetry = Telemetry(maxJobs: 0);

        telemetry.RunFinished(Fire("kcron-canary-cluster-a"), FireQueue.Main, Result(RunOutcome.Succeeded));

        Assert.Equal("kcron-canary-cluster-a", Assert.Single(_recorder.Of(Runtime)).Tags[MetricTags.Job]);
        Assert.Equal("kcron-canary-cluster-a", Assert.Single(_recorder.Of(StartDelay)).Tags[MetricTags.Job]);
        Assert.Equal("kcron-canary-cluster-a", Assert.Single(_recorder.Of(Completed)).Tags[MetricTags.Job]);
    }

    [Fact]
    public void Counters_JobsPastTheCap_AreCountedAsOther()
    {
        var telemetry = Telemetry(maxJobs: 1);

        telemetry.RunFinished(Fire("a"), FireQueue.Main, Result(RunOutcome.Failed));
        telemetry.RunFinished(Fire("b"), FireQueue.Main, Result(RunOutcome.Failed));
        telemetry.Replaced(Fire("c"), FireQueue.Main);
        telemetry.SkippedOverlap("a");
        telemetry.Skipped("d", MetricTags.ReasonDuplicate);
        telemetry.RetryPublished("b");
        telemetry.FireDeadLettered("a", "attempts-exhausted");
        telemetry.FireDeadLettered("e", "attempts-exhausted");

        Assert.Equal(["a", "_other", "_other"], JobLabels(Completed));
        Assert.Equal(["a", "_other"], JobLabels("kcron.fires.skipped"));
        Assert.Equal(["_other"], JobLabels("kcron.retries.published"));
        Assert.Equal(["a", "_other"], JobLabels("kcron.dead_letters"));
    }

    [Fact]
    public void DeadLettered_RecordThatIsNotAFire_CarriesNoJobLabel()
    {
        Telemetry().DeadLettered(DecodeFailureReasons.InvalidJson);

        Assert.False(Assert.Single(_recorder.Of("kcron.dead_letters")).Tags.ContainsKey(MetricTags.Job));
    }

    [Fact]
    public void Counters_CapReached_LogsOnceWithTheSettingAndTheFirstJobPastIt()
    {
        var log = new EventLog();
        var telemetry = new WorkerTelemetry(_recorder.Metrics, "cluster-a", jobMetricsMaxJobs: 1, log);

        foreach (var job in new[] { "a", "b", "c", "b" })
        {
            telemetry.RetryPublished(job);
        }

        var (eventId, message) = Assert.Single(log.Entries);
        Assert.Equal(2060, eventId);
        Assert.Contains("Worker:JobMetricsMaxJobs", message, StringComparison.Ordinal);
        Assert.Contains("b and every job new to this worker", message, StringComparison.Ordinal);
    }

    public void Dispose() => _recorder.Dispose();

    private WorkerTelemetry Telemetry(int maxJobs = 10) => new(_recorder.Metrics, "cluster-a", maxJobs, NullLogger.Instance);

    private IEnumerable<object?> JobLabels(string instrument) => _recorder.Of(instrument).Select(m => m.Tags[MetricTags.Job]);

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

    private sealed class EventLog : ILogger
    {
        public ConcurrentQueue<(int EventId, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((eventId.Id, formatter(state, exception)));
    }
}
