using KafkaCron.Core.Telemetry;

namespace KafkaCron.Scheduler.Engine;

/// <summary>
/// The one place that records <c>kcron.scheduler.leader</c> and <c>kcron.scheduler.epoch</c> for a term of the
/// engine: a term runs exactly while this replica schedules, elected or not (a scheduler without ZooKeeper runs a
/// single term from start to shutdown). Standby replicas that never start a term record 0 where they wait.
/// </summary>
internal static class LeaderGauge
{
    public static void TermStarted(KafkaCronMetrics metrics, long? epoch)
    {
        if (epoch is { } term)
        {
            metrics.SchedulerEpoch.Record(term);
        }

        metrics.SchedulerLeader.Record(1);
    }

    public static void TermStopped(KafkaCronMetrics metrics) => metrics.SchedulerLeader.Record(0);
}
