using KafkaCron.Scheduler.JobFiles;
using Microsoft.Extensions.Hosting;

namespace KafkaCron.Scheduler.Hosting;

/// <summary>
/// The scheduler process's lifetime: at start it completes the <see cref="SchedulerStartup"/> (job file loaded, topics
/// present) and starts watching the file; then it schedules (alone, or as a replica that leads when elected) until
/// the host stops.
/// </summary>
internal sealed class SchedulerService(
    ISchedulerRunner runner,
    SchedulerStartup startup,
    JobFileMonitor jobFile) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await startup.PrepareAsync(cancellationToken);
        jobFile.Start();
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runner.RunAsync(stoppingToken);
}
