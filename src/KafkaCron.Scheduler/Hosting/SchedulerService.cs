using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Topics;
using KafkaCron.Scheduler.JobFiles;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KafkaCron.Scheduler.Hosting;

/// <summary>
/// The scheduler process's lifetime: at start it loads the job file (an invalid one stops the start), makes sure
/// every known cluster's topics exist and starts watching the file; then it schedules (alone, or as a replica
/// that leads when elected) until the host stops.
/// </summary>
internal sealed class SchedulerService(
    ISchedulerRunner runner,
    JobFileMonitor jobFile,
    TopicProvisioner topics,
    KafkaClientFactory clients,
    IOptions<SchedulerOptions> options) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        jobFile.Load();
        var names = clients.Options.TopicNames;
        await topics.EnsureAsync([.. options.Value.EffectiveClusters.SelectMany(names.All)], cancellationToken);
        jobFile.Start();
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runner.RunAsync(stoppingToken);
}
