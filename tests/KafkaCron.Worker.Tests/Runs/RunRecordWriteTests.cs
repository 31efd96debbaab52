using System.Threading.Channels;
using Confluent.Kafka;
using KafkaCron.Core.Runs;
using KafkaCron.Core.Scheduling;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Outcomes;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Tests.Outcomes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KafkaCron.Worker.Tests.Runs;

/// <summary>The run history through the real outcome writer: a run is committed only once its record is written.</summary>
public sealed class RunRecordWriteTests : IDisposable
{
    private static readonly WriteRetryBudget Budget = new(2, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly MetricsRecorder _metrics = new();
    private readonly FakeRecordSink _sink = new();
    private readonly PartitionLease _lease = new(new TopicPartition("kcron.jobs.c1", 0));
    private readonly Channel<Attempt> _attempts = Channel.CreateUnbounded<Attempt>();
    private readonly Channel<Completion> _completions = Channel.CreateUnbounded<Completion>();
    private readonly CancellationTokenSource _abort = new();

    [Fact]
    public async Task RunAsync_KafkaRefusesTheRunRecord_TheSucceededRunIsNotCommittedUntilItIsWritten()
    {
        for (var i = 0; i < 10; i++)
        {
            _sink.Failures.Enqueue(PublishFailureKind.Transient);
        }

        var stalls = new WriteStalls(_metrics.Metrics, TestMessages.Cluster, _time, NullLogger.Instance);
        var writer = new OutcomeWriter(
            [new RunRecorder(new WorkerIdentity(TestMessages.Cluster, "w", "kcron.dead.c1"), "kcron.runs.c1", NullLogger.Instance)],
            _sink, Budget, stalls, _metrics.Metrics, "kcron-worker-w", _time, NullLogger.Instance);
        var writing = Task.Run(() => writer.RunAsync(_attempts.Reader, _completions.Writer, _abort.Token));
        var result = new JobRunResult { Outcome = RunOutcome.Succeeded, ExitCode = 0, StartedAt = _time.GetUtcNow(), Duration = TimeSpan.FromSeconds(1) };
        Assert.True(_attempts.Writer.TryWrite(new Attempt(TestMessages.Fetched(TestMessages.Fire("backup"), _lease, 7), AttemptEnd.Ran, "w", _time.GetUtcNow()) { Result = result }));

        // The budget runs out: the record is held, its partition paused, and the offset not reported finished.
        await Until(() => _sink.Calls == Budget.MaxRetries + 1);
        Assert.True(stalls.IsStalled(_lease.Partition));
        Assert.False(_completions.Reader.TryPeek(out _));

        _sink.Failures.Clear();
        await Until(() =>
        {
            _time.Advance(Budget.MaxDelay);
            return _completions.Reader.TryPeek(out _);
        });

        Assert.Equal(new Completion(_lease, 7, Finished: true), await _completions.Reader.ReadAsync());
        var written = Assert.Single(_sink.Written);
        Assert.Equal("kcron.runs.c1", written.Topic);
        Assert.True(RunRecordCodec.TryDecode(written.Message.Value, out var run, out _));
        Assert.Equal(RunOutcomes.Succeeded, run.Outcome);
        _attempts.Writer.Complete();
        await writing;
    }

    public void Dispose()
    {
        _abort.Dispose();
        _metrics.Dispose();
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "timed out");
            await Task.Delay(1);
        }
    }
}
