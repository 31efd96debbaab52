using KafkaCron.Core.Telemetry;
using KafkaCron.Scheduler.Engine;

namespace KafkaCron.Scheduler.Hosting;

/// <summary>The only scheduler of its deployment (no leader election): one term, no epoch, no checkpoint.</summary>
internal sealed class StandaloneScheduler(SchedulerEngine engine, KafkaCronMetrics metrics) : ISchedulerRunner
{
    public async Task RunAsync(CancellationToken stopping)
    {
        // Alone, it leads: the KcronNoLeader alert counts it.
        metrics.SchedulerLeader.Record(1);
        try
        {
            await engine.RunAsync(stopping);
        }
        finally
        {
            metrics.SchedulerLeader.Record(0);
        }
    }
}
