using System.Threading.Channels;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Core.Scheduling;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Outcomes;
using KafkaCron.Worker.Runs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static KafkaCron.Worker.Tests.Runs.TestMessages;

namespace KafkaCron.Worker.Tests.Outcomes;

public sealed class OutcomeWriterTests : IDisposable
{
    private static readonly WriteRetryBudget Budget = new(3, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly MetricsRecorder _metrics = new();
    private readonly FakeRecordSink _sink = new();
    private readonly PartitionLease _lease = new(new TopicPartition("kcron.jobs.c1", 2));
    private readonly Channel<Attempt> _attempts = Channel.CreateUnbounded<Attempt>();
    private readonly Channel<Completion> _completions = Channel.CreateUnbounded<Completion>();
    private readonly CancellationTokenSource _abort = new();
    private readonly WriteStalls _stalls;
    private readonly List<long> _acknowledged = [];

    public OutcomeWriterTests()
    {
        _stalls = new WriteStalls(_metrics.Metrics, Cluster, _time, NullLogger.Instance);
    }

    [Fact]
    public async Task RunAsync_AttemptCallingForNothing_FinishesAtOnce()
    {
        var writing = Start();

        Write(offset: 0, records: false);

        Assert.Equal(new Completion(_lease, 0, true), await _completions.Reader.ReadAsync());
        Assert.Equal(0, _sink.Calls);
        _attempts.Writer.Complete();
        await writing;
    }

    [Fact]
    public async Task RunAsync_Record_FinishesOnlyAfterTheWriteIsAcknowledged()
    {
        var writing = Start();

        Write(offset: 5, records: true);

        Assert.Equal(new Completion(_lease, 5, true), await _completions.Reader.ReadAsync());
        Assert.Single(_sink.Written);
        Assert.Equal([5], _acknowledged);
        _attempts.Writer.Complete();
        await writing;
    }

    [Fact]
    public async Task RunAsync_TransientErrorsWithinTheBudget_RetriesAndCountsThem()
    {
        _sink.Failures.Enqueue(PublishFailureKind.Transient);
        _sink.Failures.Enqueue(PublishFailureKind.Transient);
        var writing = Start();

        Write(offset: 0, records: true);

        Assert.True((await _completions.Reader.ReadAsync()).Finished);
        Assert.Equal(3, _sink.Calls);
        Assert.Equal(2, _metrics.Sum("kcron.kafka.client.errors"));
        // Entered at the first failed try, left once written: one episode, and the metric back to zero.
        Assert.Equal(0, _metrics.Sum("kcron.outcome_writes.stalled"));
        Assert.False(_stalls.IsStalled(_lease.Partition));
        _attempts.Writer.Complete();
        await writing;
    }

    [Fact]
    public async Task RunAsync_KafkaDownBeyondTheBudget_HoldsTheRecordPausesItsPartitionAndLetsOthersFinish()
    {
        var writing = await StartWithOffset0HeldAsync();
        Assert.True(_stalls.IsStalled(_lease.Partition));
        Assert.Equal(1, _metrics.Sum("kcron.outcome_writes.stalled"));

        // Nothing is lost and nothing else waits for it: an attempt without records finishes meanwhile.
        Write(offset: 1, records: false);
        Assert.Equal(new Completion(_lease, 1, true), await _completions.Reader.ReadAsync());
        Assert.Empty(_sink.Written);

        // Kafka comes back: the held record is written at the next try and only then may its offset commit.
        _sink.Failures.Clear();
        await Until(() =>
        {
            _time.Advance(Budget.MaxDelay);
            return _completions.Reader.TryPeek(out _);
        });
        Assert.Equal(new Completion(_lease, 0, true), await _completions.Reader.ReadAsync());
        Assert.Single(_sink.Written);
        Assert.False(_stalls.IsStalled(_lease.Partition));
        Assert.Equal(0, _metrics.Sum("kcron.outcome_writes.stalled"));
        _attempts.Writer.Complete();
        await writing;
    }

    [Fact]
    public async Task RunAsync_ShutdownGraceOverWhileHeld_AbandonsTheMessageUncommitted()
    {
        var writing = await StartWithOffset0HeldAsync();

        await _abort.CancelAsync();

        Assert.Equal(new Completion(_lease, 0, false), await _completions.Reader.ReadAsync());
        Assert.False(_stalls.IsStalled(_lease.Partition));
        Assert.Empty(_acknowledged);
        _attempts.Writer.Complete();
        await writing;
    }

    [Fact]
    public async Task RunAsync_PermanentError_FailsThePipelineWithoutAcknowledging()
    {
        _sink.Failures.Enqueue(PublishFailureKind.Permanent);
        var writing = Start();

        Write(offset: 0, records: true);

        await Assert.ThrowsAsync<OutcomeWriteException>(async () => await _completions.Reader.Completion);
        Assert.Equal(1, _sink.Calls);
        Assert.Empty(_acknowledged);
        _attempts.Writer.Complete();
        await writing;
    }

    [Fact]
    public async Task RunAsync_RunRecordRefusedBeyondTheBudget_TheSucceededRunIsNotCommittedUntilItIsWritten()
    {
        for (var i = 0; i < 10; i++)
        {
            _sink.Failures.Enqueue(PublishFailureKind.Transient);
        }

        var recorder = new RunRecorder(new WorkerIdentity(Cluster, "w", "kcron.dead.c1"), "kcron.runs.c1", NullLogger.Instance);
        var writing = Start(recorder);
        var result = new JobRunResult { Outcome = RunOutcome.Succeeded, ExitCode = 0, StartedAt = _time.GetUtcNow(), Duration = TimeSpan.FromSeconds(1) };
        Assert.True(_attempts.Writer.TryWrite(new Attempt(Fetched(Fire("backup"), _lease, 7), AttemptEnd.Ran, "w", _time.GetUtcNow()) { Result = result }));

        // The budget runs out: the record is held, its partition paused, and the offset not reported finished.
        await Until(() => _sink.Calls == Budget.MaxRetries + 1);
        Assert.True(_stalls.IsStalled(_lease.Partition));
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

    /// <summary>Starts the writer with Kafka refusing offset 0's record beyond the budget; returns once it is held.</summary>
    private async Task<Task> StartWithOffset0HeldAsync()
    {
        for (var i = 0; i < 10; i++)
        {
            _sink.Failures.Enqueue(PublishFailureKind.Transient);
        }

        var writing = Start();
        Write(offset: 0, records: true);
        await Until(() => _sink.Calls == Budget.MaxRetries + 1);
        return writing;
    }

    private Task Start(IOutcomeRecorder? recorder = null) => Task.Run(() => new OutcomeWriter(
        [recorder ?? new OneRecordPerMarkedAttempt(this)], _sink, Budget, _stalls, _metrics.Metrics, "kcron-worker-w", _time, NullLogger.Instance)
        .RunAsync(_attempts.Reader, _completions.Writer, _abort.Token));

    private void Write(long offset, bool records)
    {
        var fire = Fire("a") with { Command = records ? "record" : "none" };
        Assert.True(_attempts.Writer.TryWrite(new Attempt(Fetched(fire, _lease, offset), AttemptEnd.Ran, "w", _time.GetUtcNow())));
    }

    /// <summary>A recorder asking for one dead letter for each attempt whose fire's command is "record".</summary>
    private sealed class OneRecordPerMarkedAttempt(OutcomeWriterTests test) : IOutcomeRecorder
    {
        public IEnumerable<OutcomeRecord> RecordsFor(Attempt attempt) => attempt.Fire!.Command == "record"
            ? [OutcomeRecord.Of("kcron.dead.c1", attempt.Fire.Job, new DeadLetter { Reason = "test", Detail = "test", SourceTopic = attempt.Source.Topic }, () =>
            {
                lock (test._acknowledged)
                {
                    test._acknowledged.Add(attempt.Source.Offset.Value);
                }
            })]
            : [];
    }
}
