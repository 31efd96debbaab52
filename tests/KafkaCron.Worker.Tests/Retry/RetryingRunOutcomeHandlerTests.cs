using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Pipeline;
using KafkaCron.Worker.Retry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KafkaCron.Worker.Tests.Retry;

public sealed class RetryingRunOutcomeHandlerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly FakeFailureWriter _writer = new();
    private readonly MetricsRecorder _metrics = new();

    [Fact]
    public async Task HandleAsync_Succeeded_WritesNothing()
    {
        await Handler().HandleAsync(Run(Fire(attempt: 1, remaining: 2), Result(RunOutcome.Succeeded, 0)), CancellationToken.None);

        Assert.Equal(0, _writer.Calls);
    }

    [Theory]
    [InlineData(MetricTags.OutcomeFailed, 3)]
    [InlineData(MetricTags.OutcomeTimeout, null)]
    [InlineData(MetricTags.OutcomeSpawnError, null)]
    public async Task HandleAsync_FailureWithAttemptsLeft_WritesNextAttemptWithHistory(string outcomeTag, int? exitCode)
    {
        var outcome = Enum.GetValues<RunOutcome>().Single(o => o.ToTag() == outcomeTag);
        var fire = Fire(attempt: 1, remaining: 2);

        await Handler().HandleAsync(Run(fire, Result(outcome, exitCode)), CancellationToken.None);

        var next = Assert.Single(_writer.Retries);
        Assert.Equal(fire.FireId, next.FireId);
        Assert.Equal(2, next.Attempt);
        Assert.Equal(1, next.RemainingAttempts);
        // initialDelay 10 s, no jitter.
        Assert.Equal(Now + TimeSpan.FromSeconds(10), next.NotBefore);
        var record = Assert.Single(next.History!);
        Assert.Equal(1, record.Attempt);
        Assert.Equal("worker-7", record.Worker);
        Assert.Equal(exitCode, record.ExitCode);
        Assert.Equal(outcome.ToTag(), record.Outcome);
        Assert.Equal(Now - TimeSpan.FromSeconds(2), record.StartedAt);
        Assert.Equal(2, record.DurationSeconds);
        Assert.Contains("stderr: boom", record.OutputTail, StringComparison.Ordinal);
        Assert.Empty(_writer.DeadLetters);
        var published = Assert.Single(_metrics.Of("kcron.retries.published"));
        Assert.Equal("job-a", published.Tags[MetricTags.Job]);
    }

    [Fact]
    public async Task HandleAsync_NoAttemptsLeft_DeadLettersTheFireWithItsWholeHistory()
    {
        var earlier = new AttemptRecord { Attempt = 1, Outcome = MetricTags.OutcomeFailed, ExitCode = 1 };
        var fire = Fire(attempt: 2, remaining: 0) with { History = [earlier] };

        await Handler().HandleAsync(Run(fire, Result(RunOutcome.Failed, 4)), CancellationToken.None);

        Assert.Empty(_writer.Retries);
        var (key, deadLetter) = Assert.Single(_writer.DeadLetters);
        Assert.Equal("job-a", key);
        Assert.Equal(RetryingRunOutcomeHandler.ReasonAttemptsExhausted, deadLetter.Reason);
        Assert.Equal("kcron.jobs.c1", deadLetter.SourceTopic);
        Assert.Equal(3, deadLetter.SourcePartition);
        Assert.Equal(41, deadLetter.SourceOffset);
        Assert.Equal("worker-7", deadLetter.Worker);
        Assert.Equal([1, 2], deadLetter.Fire!.History!.Select(h => h.Attempt));
        Assert.Equal(4, deadLetter.Fire.History![1].ExitCode);
        var counted = Assert.Single(_metrics.Of("kcron.dead_letters"));
        Assert.Equal(RetryingRunOutcomeHandler.ReasonAttemptsExhausted, counted.Tags[MetricTags.Reason]);
    }

    [Fact]
    public async Task HandleAsync_TransientErrors_RetriesWithinBudgetAndCountsThem()
    {
        _writer.Failures.Enqueue(PublishFailureKind.Transient);
        _writer.Failures.Enqueue(PublishFailureKind.Transient);

        await Handler().HandleAsync(Run(Fire(1, 2), Result(RunOutcome.Failed, 1)), CancellationToken.None);

        Assert.Equal(3, _writer.Calls);
        Assert.Single(_writer.Retries);
        Assert.Equal(2, _metrics.Sum("kcron.kafka.client.errors"));
    }

    [Fact]
    public async Task HandleAsync_TransientBudgetSpent_ThrowsWithoutWriting()
    {
        for (var i = 0; i < 10; i++)
        {
            _writer.Failures.Enqueue(PublishFailureKind.Transient);
        }

        await Assert.ThrowsAsync<OutcomeWriteException>(
            async () => await Handler().HandleAsync(Run(Fire(1, 2), Result(RunOutcome.Failed, 1)), CancellationToken.None));

        Assert.Equal(4, _writer.Calls);
        Assert.Empty(_writer.Retries);
        Assert.Empty(_metrics.Of("kcron.retries.published"));
    }

    [Fact]
    public async Task HandleAsync_PermanentError_ThrowsAtOnce()
    {
        _writer.Failures.Enqueue(PublishFailureKind.Permanent);

        await Assert.ThrowsAsync<OutcomeWriteException>(
            async () => await Handler().HandleAsync(Run(Fire(1, 0), Result(RunOutcome.Failed, 1)), CancellationToken.None));

        Assert.Equal(1, _writer.Calls);
        Assert.Empty(_metrics.Of("kcron.dead_letters"));
    }

    [Fact]
    public void Record_HugeOutput_KeepsABoundedTailOfEachStream()
    {
        var result = Result(RunOutcome.Failed, 1) with { StdoutTail = new string('o', 8192) + "END", StderrTail = new string('e', 8192) };

        var record = RetryingRunOutcomeHandler.Record(Run(Fire(1, 1), result));

        Assert.True(record.OutputTail!.Length <= (2 * RetryingRunOutcomeHandler.TailCharsPerStream) + 32, record.OutputTail.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("END", record.OutputTail, StringComparison.Ordinal);
    }

    public void Dispose() => _metrics.Dispose();

    private RetryingRunOutcomeHandler Handler() => new(
        _writer,
        new WorkerIdentity("c1", "worker-7", "kcron.dead.c1"),
        "kcron.retry.c1",
        new WriteRetryBudget(3, TimeSpan.Zero, TimeSpan.FromSeconds(1)),
        _metrics.Metrics,
        _time,
        () => 0.5,
        NullLogger<RetryingRunOutcomeHandler>.Instance);

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

    private static FinishedRun Run(FireMessage fire, JobRunResult result) =>
        new(fire, result, new TopicPartitionOffset("kcron.jobs.c1", 3, 41), MetricTags.QueueMain, "worker-7");
}
