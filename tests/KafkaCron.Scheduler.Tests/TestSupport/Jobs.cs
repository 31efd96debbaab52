using KafkaCron.Core.Jobs;

namespace KafkaCron.Scheduler.Tests.TestSupport;

internal static class Jobs
{
    /// <summary>A Thursday, aligned to every period the tests use.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static JobDefinition Job(string name, string schedule = "every 10s", string cluster = "cluster-a") => new()
    {
        Name = name,
        Schedule = schedule,
        Cluster = cluster,
        Command = "echo " + name,
    };

    public static JobFile File(params JobDefinition[] jobs) => new([new("cluster-a"), new("cluster-b")], jobs);
}
