using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Topics;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.Worker.Hosting;

/// <summary>
/// Owns the worker's lifetime: checks the cluster's topics, builds the Kafka clients, and hands the work to
/// <see cref="WorkerPipeline"/> until the host stops (SIGTERM), which starts the graceful shutdown.
/// </summary>
internal sealed class WorkerService(
    IOptions<WorkerOptions> options,
    KafkaClientFactory clients,
    TopicProvisioner provisioner,
    IJobRunner runner,
    IRunOutcomeHandler outcomes,
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
        ProcessJobRunner.EnsureAvailable();
        await provisioner.EnsureAsync(topics.All(settings.Cluster), stoppingToken);

        var clientId = "kcron-worker-" + settings.EffectiveWorkerId;
        using var producer = clients.CreateProducer(clientId);
        var deadLetterTopic = topics.DeadLetter(settings.Cluster);
        var topicQueues = new Dictionary<string, string>(StringComparer.Ordinal) { [topics.Jobs(settings.Cluster)] = MetricTags.QueueMain };
        var lag = new ConsumerLagReporter(metrics, settings.Cluster, topicQueues, loggers.CreateLogger<ConsumerLagReporter>());
        var pipeline = new WorkerPipeline(
            clients.CreateConsumerBuilder(clientId, settings.EffectiveGroupId)
                .SetStatisticsHandler((_, statistics) => lag.OnStatistics(statistics)),
            topicQueues,
            new KafkaDeadLetterSink(producer, deadLetterTopic),
            runner,
            outcomes,
            new WorkerIdentity(settings.Cluster, settings.EffectiveWorkerId, deadLetterTopic),
            settings,
            metrics,
            time,
            loggers);
        await pipeline.RunAsync(stoppingToken);
    }
}
