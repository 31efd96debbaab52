namespace KafkaCron.Scheduler.Hosting;

/// <summary>How the scheduler process schedules: alone, or as one replica of an elected group.</summary>
internal interface ISchedulerRunner
{
    /// <summary>Schedules until <paramref name="stopping"/> is cancelled; fails only when scheduling cannot go on.</summary>
    Task RunAsync(CancellationToken stopping);
}
