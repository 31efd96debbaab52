using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka.Clients;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Outcomes;
using KafkaCron.Worker.Pipeline;
using KafkaCron.Worker.Retry;
using KafkaCron.Worker.Runs;
using KafkaCron.Worker.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.Worker.Hosting;

/// <summary>
/// Owns the worker's lifetime: runs the <see cref="WorkerStartupCheck"/>, builds the Kafka clients, and hands the work to
/// <see cref="WorkerPipeline"/> until the host stops (SIGTERM), which starts the graceful shutdown.
/// </summary>
internal sealed class WorkerService(
    IOptions<WorkerOptions> options,
    KafkaClientFactory clients,
    WorkerStartupCheck startupCheck,
    IJobRunner runner,
    KafkaCronMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and hear SIGTERM) while the topic check waits on Kafka.
        await Task.Yield();
        var settings = options.Value;
        var topics = clients.Options.TopicNames;
        startupCheck.Run();

        var clientId = "kcron-worker-" + settings.EffectiveWorkerId;
        using var producer = clients.CreateProducer(clientId);
        var deadLetterTopic = topics.DeadLetter(settings.Cluster);
        var retryTopic = topics.Retry(settings.Cluster);
        var identity = new WorkerIdentity(settings.Cluster, settings.EffectiveWorkerId, deadLetterTopic);
        var telemetry = new WorkerTelemetry(metrics, settings.Cluster, settings.JobMetricsMaxJobs, loggers.CreateLogger<WorkerTelemetry>());
        // A main worker reads only the jobs topic and a retry worker only the retry topic, so retries never delay first runs.
        var consumed = settings.Retry
            ? (Topic: retryTopic, Queue: FireQueue.Retry)
            : (Topic: topics.Jobs(settings.Cluster), Queue: FireQueue.Main);
        // The outcome writer asks each recorder what an attempt calls for, and commits the attempt once all are written.
        IOutcomeRecorder[] recorders =
        [
            new RetryRecorder(identity, retryTopic, telemetry, time, Random.Shared.NextDouble, loggers.CreateLogger<RetryRecorder>()),
            new RunRecorder(identity, topics.Runs(settings.Cluster), loggers.CreateLogger<RunRecorder>()),
        ];
        var topicQueues = new Dictionary<string, FireQueue>(StringComparer.Ordinal) { [consumed.Topic] = consumed.Queue };
        var lag = new ConsumerLagReporter(metrics, settings.Cluster, topicQueues, loggers.CreateLogger<ConsumerLagReporter>());
        var pipeline = new WorkerPipeline(
            clients.CreateConsumerBuilder(clientId, settings.EffectiveGroupId)
                .SetStatisticsHandler((_, statistics) => lag.OnStatistics(statistics)),
            topicQueues,
            new KafkaRecordSink(producer),
            recorders,
            WriteRetryBudget.Default,
            runner,
            identity,
            settings,
            metrics,
            telemetry,
            time,
            loggers);
        await pipeline.RunAsync(stoppingToken);
    }
}
