using KafkaCron.Core.Deduplication;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Confluent.Kafka;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Overlap;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Pipeline;

/// <summary>
/// fetch → decode → run → commit. One consumer thread feeds a bounded channel read by <c>Concurrency</c> job slots,
/// which report back through a second bounded channel; the consumer thread commits. The channels never hold more
/// than the pipeline capacity, because the consumer pauses its partitions before that. A stage that fails
/// completes its channel with the exception, so the failure reaches <see cref="RunAsync"/> and stops the host.
/// </summary>
internal sealed class WorkerPipeline(
    ConsumerBuilder<string, byte[]> consumerBuilder,
    IReadOnlyDictionary<string, string> topicQueues,
    IDeadLetterSink deadLetters,
    IJobRunner runner,
    IRunOutcomeHandler outcomes,
    WorkerIdentity identity,
    WorkerOptions options,
    KafkaCronMetrics metrics,
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
            FullMode = BoundedChannelFullMode.Wait,
        });
        var completions = Channel.CreateBounded<Completion>(new BoundedChannelOptions(backpressure.Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var telemetry = new WorkerTelemetry(metrics, identity.Cluster);
        var logger = loggers.CreateLogger<WorkerPipeline>();
        using var signals = new PipelineSignals();
        var running = new RunningJobs();
        var admission = new FireAdmission();
        using var consumer = new ConsumerStage(consumerBuilder, topicQueues, fetched.Writer, completions.Reader, signals,
            backpressure, options, telemetry, time, logger, running, admission);

        WorkerLog.Started(logger, identity.WorkerId, topicQueues.Keys, options.EffectiveGroupId,
            options.Concurrency, backpressure.Capacity, backpressure.ResumeAt);
        var slot = new ExecutionStage(identity, runner, outcomes, deadLetters, running, admission, signals, telemetry, time, logger);
        var slots = Enumerable.Range(0, options.Concurrency)
            .Select(_ => Task.Run(() => slot.RunAsync(fetched.Reader, completions.Writer)))
            .ToArray();

        try
        {
            await OnDedicatedThread(() => consumer.Run(stopping));
        }
        catch (Exception ex)
        {
            // The consumer thread already told the slots to kill their runs; wait for them, then fail with the cause.
            signals.Kill();
            await Task.WhenAll(slots).ContinueWith(static _ => { }, TaskScheduler.Default);
            ExceptionDispatchInfo.Throw(ex);
        }

        await Task.WhenAll(slots);
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
