using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Confluent.Kafka;
using KafkaCron.Core.Deduplication;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Outcomes;
using KafkaCron.Worker.Overlap;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Pipeline;

/// <summary>
/// fetch + decode → admit → run → write outcome → commit. The consumer thread fetches and decodes into a bounded
/// channel read by one admission stage, in partition order; admitted runs go to <c>Concurrency</c> job slots; every
/// attempt, run or refused, goes to the one outcome writer; finished and abandoned messages go back to the consumer
/// thread, which commits. No channel ever holds more than the pipeline capacity, because the consumer pauses its
/// partitions before that. A stage that fails completes its channel with the exception, so the failure reaches
/// <see cref="RunAsync"/> and stops the host.
/// </summary>
internal sealed class WorkerPipeline(
    ConsumerBuilder<string, byte[]> consumerBuilder,
    IReadOnlyDictionary<string, FireQueue> topicQueues,
    IRecordSink records,
    IReadOnlyList<IOutcomeRecorder> recorders,
    WriteRetryBudget writeBudget,
    IJobRunner runner,
    WorkerIdentity identity,
    WorkerOptions options,
    KafkaCronMetrics metrics,
    WorkerTelemetry telemetry,
    TimeProvider time,
    ILoggerFactory loggers)
{
    /// <summary>Runs until <paramref name="stopping"/> is cancelled and the shutdown sequence completes.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var backpressure = new Backpressure(options.EffectivePipelineCapacity);
        var fetched = Channel.CreateBounded<FetchedMessage>(new BoundedChannelOptions(backpressure.Capacity)
        {
            SingleWriter = true,
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var runnable = Channel.CreateBounded<AdmittedRun>(new BoundedChannelOptions(backpressure.Capacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var attempts = Channel.CreateBounded<Attempt>(new BoundedChannelOptions(backpressure.Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var completions = Channel.CreateBounded<Completion>(new BoundedChannelOptions(backpressure.Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var logger = loggers.CreateLogger<WorkerPipeline>();
        using var signals = new PipelineSignals();
        var running = new RunningJobs();
        var stalls = new WriteStalls(metrics, identity.Cluster, time, loggers.CreateLogger<OutcomeWriter>());
        using var consumer = new ConsumerStage(consumerBuilder, topicQueues, fetched.Writer, completions.Reader, signals,
            backpressure, options, telemetry, time, logger, running, stalls);
        var admission = new AdmissionStage(running, new FireAdmission(), signals, identity, telemetry, time, logger);
        var slot = new ExecutionStage(identity, runner, running, signals, telemetry, time, logger);
        var writer = new OutcomeWriter(
            [new DeadLetterRecorder(identity, telemetry, time, logger), .. recorders],
            records, writeBudget, stalls, metrics, "kcron-worker-" + identity.WorkerId, time, loggers.CreateLogger<OutcomeWriter>());

        WorkerLog.Started(logger, identity.WorkerId, topicQueues.Keys, options.EffectiveGroupId,
            options.Concurrency, backpressure.Capacity, backpressure.ResumeAt);
        var admitting = Task.Run(() => admission.RunAsync(fetched.Reader, runnable.Writer, attempts.Writer, completions.Writer), CancellationToken.None);
        var slots = Enumerable.Range(0, options.Concurrency)
            .Select(_ => Task.Run(() => slot.RunAsync(runnable.Reader, attempts.Writer, completions.Writer), CancellationToken.None))
            .ToArray();
        // The writer ends once nothing can hand it an attempt any more.
        var feeding = Task.WhenAll([admitting, .. slots]);
        _ = feeding.ContinueWith(
            t => attempts.Writer.TryComplete(t.Exception?.GetBaseException()), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        var writing = Task.Run(() => writer.RunAsync(attempts.Reader, completions.Writer, signals.KillToken), CancellationToken.None);
        var stages = Task.WhenAll(feeding, writing);

        try
        {
            await OnDedicatedThread(() => consumer.Run(stopping));
        }
        catch (Exception ex)
        {
            // The consumer thread already told the stages to kill their runs; wait for them, then fail with the cause.
            signals.Kill();
            await stages.ContinueWith(static _ => { }, TaskScheduler.Default);
            ExceptionDispatchInfo.Throw(ex);
        }

        await stages;
    }

    private static Task OnDedicatedThread(Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                work();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "kcron-consumer",
        };
        thread.Start();
        return done.Task;
    }
}
