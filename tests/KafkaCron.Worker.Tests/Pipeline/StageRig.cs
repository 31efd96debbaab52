using System.Threading.Channels;
using Confluent.Kafka;
using KafkaCron.Core.Deduplication;
using KafkaCron.Worker.Overlap;
using KafkaCron.Worker.Pipeline;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using KafkaCron.Worker.Tests.Runs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KafkaCron.Worker.Tests.Pipeline;

/// <summary>
/// The admission stage and the job slots of one worker, wired by channels as the pipeline wires them, without Kafka,
/// the consumer thread or the outcome writer: a backlog goes in, every message's attempt or abandonment comes out.
/// </summary>
internal sealed class StageRig : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public StageRig()
    {
        Runner = new StubRunner(_time);
        Telemetry = new WorkerTelemetry(Metrics.Metrics, TestMessages.Cluster, jobMetricsMaxJobs: 10, NullLogger.Instance);
        Admission = new AdmissionStage(Running, new FireAdmission(), Signals, Identity, Telemetry, _time, NullLogger.Instance);
        Slot = new ExecutionStage(Identity, Runner, Running, Signals, Telemetry, _time, NullLogger.Instance);
    }

    public WorkerIdentity Identity { get; } = new(TestMessages.Cluster, "worker-1", "kcron.dead.c1");

    public PartitionLease Lease { get; } = new(new TopicPartition("kcron.jobs.c1", 0));

    public MetricsRecorder Metrics { get; } = new();

    public RunningJobs Running { get; } = new();

    public PipelineSignals Signals { get; } = new();

    public StubRunner Runner { get; }

    public WorkerTelemetry Telemetry { get; }

    public AdmissionStage Admission { get; }

    public ExecutionStage Slot { get; }

    /// <summary>Feeds <paramref name="backlog"/> through admission and <paramref name="slots"/> concurrent slots.</summary>
    /// <returns>The attempts by offset; abandoned messages are missing.</returns>
    public async Task<IReadOnlyDictionary<long, Attempt>> RunAsync(IReadOnlyList<FetchedMessage> backlog, int slots)
    {
        var fetched = Channel.CreateUnbounded<FetchedMessage>();
        var runnable = Channel.CreateUnbounded<AdmittedRun>();
        var ended = Channel.CreateUnbounded<Attempt>();
        var completions = Channel.CreateUnbounded<Completion>();
        foreach (var message in backlog)
        {
            Assert.True(fetched.Writer.TryWrite(message));
        }

        fetched.Writer.Complete();
        var admitting = Task.Run(() => Admission.RunAsync(fetched.Reader, runnable.Writer, ended.Writer, completions.Writer));
        var running = Enumerable.Range(0, slots).Select(_ => Task.Run(() => Slot.RunAsync(runnable.Reader, ended.Writer, completions.Writer)));
        await Task.WhenAll([admitting, .. running]).WaitAsync(TimeSpan.FromSeconds(30));
        ended.Writer.Complete();
        completions.Writer.Complete();

        var attempts = new Dictionary<long, Attempt>();
        await foreach (var attempt in ended.Reader.ReadAllAsync())
        {
            attempts.Add(attempt.Message.Offset, attempt);
        }

        var abandoned = 0;
        await foreach (var completion in completions.Reader.ReadAllAsync())
        {
            Assert.False(completion.Finished);
            abandoned++;
        }

        // Every message ends exactly once: as an attempt or abandoned.
        Assert.Equal(backlog.Count, attempts.Count + abandoned);
        return attempts;
    }

    public void Dispose()
    {
        Signals.Dispose();
        Metrics.Dispose();
    }
}
