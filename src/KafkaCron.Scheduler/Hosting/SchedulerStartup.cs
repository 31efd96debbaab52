using KafkaCron.Scheduler.JobFiles;

namespace KafkaCron.Scheduler.Hosting;

/// <summary>
/// The scheduler's work before it schedules: load the job file (an invalid one stops the start) and make sure the
/// topics of every cluster the file declares or the settings name exist (<see cref="ClusterTopics"/>).
/// <c>kcron scheduler</c> runs it before the host starts, so that a failure is reported in one line with nothing
/// logged before it; the hosted service runs it too, for hosts built without the command. It runs once per process.
/// </summary>
internal sealed class SchedulerStartup(JobFileMonitor jobFile, ClusterTopics topics)
{
    private readonly Lock _gate = new();
    private Task? _prepared;

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _prepared ??= PrepareOnceAsync(cancellationToken);
        }
    }

    private async Task PrepareOnceAsync(CancellationToken cancellationToken)
    {
        var loaded = jobFile.Load();
        // The clusters the file declares plus those configured: a cluster no job file names needs no topics.
        await topics.EnsureAtStartAsync(loaded.Clusters.Select(c => c.Name), cancellationToken);
    }
}
