using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka.Publishing;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Outcomes;
using KafkaCron.Worker.Retry;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KafkaCron.Worker.Tests.Retry;

public sealed class RetryRecorderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly MetricsRecorder _metrics = new();

    [Fact]
    public void RecordsFor_Succeeded_WritesNothing()
    {
        Assert.Empty(Recorder().RecordsFor(Ran(Fire(attempt: 1, remaining: 2), Result(RunOutcome.Succeeded, 0))));
    }

    [Theory]
    [InlineData(nameof(AttemptEnd.SkippedOverlap))]
    [InlineData(nameof(AttemptEnd.SkippedDuplicate))]
    [InlineData(nameof(AttemptEnd.StaleEpoch))]
    [InlineData(nameof(AttemptEnd.Replaced))]
    public void RecordsFor_RefusedOrReplaced_WritesNothing(string end)
    {
        var attempt = Ran(Fire(attempt: 1, remaining: 2), Result(RunOutcome.Failed, 1)) with { End = Enum.Parse<AttemptEnd>(end) };

        Assert.Empty(Recorder().RecordsFor(attempt));
    }

    [Theory]
    [InlineData(MetricTags.OutcomeFailed, 3)]
    [InlineData(MetricTags.OutcomeTimeout, null)]
    [InlineData(MetricTags.OutcomeSpawnError, null)]
    public void RecordsFor_FailureWithAttemptsLeft_NextAttemptWithHistoryToTheRetryTopic(string outcomeTag, int? exitCode)
    {
        var outcome = Enum.GetValues<RunOutcome>().Single(o => o.ToTag() == outcomeTag);
        var fire = Fire(attempt: 1, remaining: 2);

        var record = Assert.Single(Recorder().RecordsFor(Ran(fire, Result(outcome, exitCode))));

        Assert.Equal("kcron.retry.c1", record.Topic);
        Assert.Equal("job-a", record.Message.Key);
        var next = FireMessageCodec.Decode(record.Message.Value, "c1").Fire!;
        Assert.Equal(fire.FireId, next.FireId);
        Assert.Equal(2, next.Attempt);
        Assert.Equal(1, next.RemainingAttempts);
        // initialDelay 10 s, no jitter.
        Assert.Equal(Now + TimeSpan.FromSeconds(10), next.NotBefore);
        var history = Assert.Single(next.History!);
        Assert.Equal(1, history.Attempt);
        Assert.Equal("worker-7", history.Worker);
        Assert.Equal(exitCode, history.ExitCode);
        Assert.Equal(outcome.ToTag(), history.Outcome);
        Assert.Equal(Now - TimeSpan.FromSeconds(2), history.StartedAt);
        Assert.Equal(2, history.DurationSeconds);
        Assert.Contains("stderr: boom", history.OutputTail, StringComparison.Ordinal);
        Assert.Empty(_metrics.Of("kcron.retries.published"));

        record.Acknowledged();
        var published = Assert.Single(_metrics.Of("kcron.retries.published"));
        Assert.Equal("job-a", published.Tags[MetricTags.Job]);
    }

    [Fact]
    public void RecordsFor_Retry_IsBuiltLikeEveryFireRecordWithItsContentType()
    {
        var record = Assert.Single(Recorder().RecordsFor(Ran(Fire(attempt: 1, remaining: 2), Result(RunOutcome.Failed, 1))));

        Assert.Equal(FireHeaders.JsonContentType, System.Text.Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(FireHeaders.ContentType)));
        Assert.NotNull(record.Message.Headers.GetLastBytes(FireHeaders.FireId));
    }

    [Fact]
    public void RecordsFor_NoAttemptsLeft_DeadLettersTheFireWithItsWholeHistory()
    {
        var earlier = new AttemptRecord { Attempt = 1, Outcome = MetricTags.OutcomeFailed, ExitCode = 1 };
        var fire = Fire(attempt: 2, remaining: 0) with { History = [earlier] };

        var record = Assert.Single(Recorder().RecordsFor(Ran(fire, Result(RunOutcome.Failed, 4))));

        Assert.Equal("kcron.dead.c1", record.Topic);
        Assert.Equal("job-a", record.Message.Key);
        var deadLetter = FireMessageCodec.DecodeDeadLetter(record.Message.Value)!;
        Assert.Equal(RetryRecorder.ReasonAttemptsExhausted, deadLetter.Reason);
        Assert.Equal("kcron.jobs.c1", deadLetter.SourceTopic);
        Assert.Equal(3, deadLetter.SourcePartition);
        Assert.Equal(41, deadLetter.SourceOffset);
        Assert.Equal("worker-7", deadLetter.Worker);
        Assert.Contains("attempt 2 ended failed (exit code 4)", deadLetter.Detail, StringComparison.Ordinal);
        Assert.Equal([1, 2], deadLetter.Fire!.History!.Select(h => h.Attempt));
        Assert.Equal(4, deadLetter.Fire.History![1].ExitCode);
        record.Acknowledged();
        var counted = Assert.Single(_metrics.Of("kcron.dead_letters"));
        Assert.Equal(RetryRecorder.ReasonAttemptsExhausted, counted.Tags[MetricTags.Reason]);
        Assert.Equal("job-a", counted.Tags[MetricTags.Job]);
    }

    [Fact]
    public void Record_HugeOutput_KeepsABoundedTailOfEachStream()
    {
        var result = Result(RunOutcome.Failed, 1) with { StdoutTail = new string('o', 8192) + "END", StderrTail = new string('e', 8192) };

        var record = RetryRecorder.Record("worker-7", Fire(1, 1), result);

        Assert.True(record.OutputTail!.Length <= (2 * RetryRecorder.TailCharsPerStream) + 32, record.OutputTail.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("END", record.OutputTail, StringComparison.Ordinal);
    }

    public void Dispose() => _metrics.Dispose();

    private RetryRecorder Recorder() => new(
        new WorkerIdentity("c1", "worker-7", "kcron.dead.c1"),
        "kcron.retry.c1",
        new WorkerTelemetry(_metrics.Metrics, "c1", jobMetricsMaxJobs: 10, NullLogger.Instance),
        _time,
        () => 0.5,
        NullLogger<RetryRecorder>.Instance);

    private static FireMessage Fire(int attempt, int remaining) => new()
    {
        FireId = "fire-1",
        Job = "job-a",
        Cluster = "c1",
        Command = "false",
        ScheduledAt = Now - TimeSpan.FromMinutes(1),
        PublishedAt = Now - TimeSpan.FromMinutes(1),
        Attempt = attempt,
        RemainingAttempts = remaining,
    };

    private static JobRunResult Result(RunOutcome outcome, int? exitCode) => new()
    {
        Outcome = outcome,
        ExitCode = exitCode,
        StartedAt = Now - TimeSpan.FromSeconds(2),
        Duration = TimeSpan.FromSeconds(2),
        StderrTail = "boom",
    };

    private static Attempt Ran(FireMessage fire, JobRunResult result)
    {
        var lease = new PartitionLease(new TopicPartition("kcron.jobs.c1", 3));
        var message = Tests.Runs.TestMessages.Fetched(fire, lease, 41);
        return new Attempt(message, AttemptEnd.Ran, "worker-7", Now) { Result = result };
    }
}
