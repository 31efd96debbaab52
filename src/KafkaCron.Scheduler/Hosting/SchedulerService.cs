using KafkaCron.Scheduler.JobFiles;
using Microsoft.Extensions.Hosting;

namespace KafkaCron.Scheduler.Hosting;

/// <summary>
/// The scheduler process's lifetime: at start it loads the job file (an invalid one stops the start), makes sure
/// the topics of every cluster the file declares or the settings name exist (and, on reload, of clusters added
/// later: <see cref="ClusterTopics"/>) and starts watching the file; then it
/// schedules (alone, or as a replica that leads when elected) until the host stops.
/// </summary>
internal sealed class SchedulerService(
    ISchedulerRunner runner,
    JobFileMonitor jobFile,
    ClusterTopics topics) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var loaded = jobFile.Load();
        // The clusters the file declares plus those configured: a cluster no job file names needs no topics.
        await topics.EnsureAtStartAsync(loaded.Clusters.Select(c => c.Name), cancellationToken);
        jobFile.Start();
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runner.RunAsync(stoppingToken);
}
