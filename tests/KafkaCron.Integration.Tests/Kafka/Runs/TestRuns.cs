using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;

namespace KafkaCron.Integration.Tests.Kafka.Runs;

/// <summary>Run records as a worker writes them, for tests that only care about job, outcome and when it ended.</summary>
internal static class TestRuns
{
    /// <summary>A scheduled attempt of <paramref name="job"/> that ran for 2 s on worker <c>w1</c> and ended at <paramref name="finishedAt"/>.</summary>
    public static RunRecord Ran(string cluster, string job, string outcome, DateTimeOffset finishedAt) => new()
    {
        FireId = Guid.NewGuid().ToString(),
        Job = job,
        Cluster = cluster,
        Trigger = FireTriggers.Scheduled,
        Outcome = outcome,
        ScheduledAt = finishedAt.AddSeconds(-2),
        StartedAt = finishedAt.AddSeconds(-2),
        FinishedAt = finishedAt,
        DurationSeconds = 2,
        Worker = "w1",
    };
}
