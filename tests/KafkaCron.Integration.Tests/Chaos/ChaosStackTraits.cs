namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>The facts about a stack that the drills' breaks and promises depend on.</summary>
/// <param name="Kind">What the stack is, for the table ("local processes", "compose").</param>
/// <param name="MockKafka">librdkafka's mock cluster: no automatic leader failover, accepts records over 1 MiB.</param>
/// <param name="SchedulerSession">The schedulers' ZooKeeper session timeout: the longest a failover may take.</param>
/// <param name="WorkerSession">The workers' consumer-group session timeout: how long a dead worker's partitions wait.</param>
/// <param name="RuleTimeScale">How many times the alert rules' clock is compressed (windows, offsets, <c>for:</c>).</param>
/// <param name="WorkerPipelineCapacity">Fetched, unfinished fires one worker may hold (Concurrency + 1024 by default).</param>
/// <param name="BreakFor">How long a break lasts.</param>
/// <param name="MonitoringDownFor">How long the monitoring drills keep Prometheus or Alertmanager down: on the local stack, longer than the dead man's switch takes to alarm.</param>
/// <param name="AlertWait">How long a drill waits for an alert it requires, after counting.</param>
internal sealed record ChaosStackTraits(
    string Kind,
    bool MockKafka,
    TimeSpan SchedulerSession,
    TimeSpan WorkerSession,
    int RuleTimeScale,
    int WorkerPipelineCapacity,
    TimeSpan BreakFor,
    TimeSpan MonitoringDownFor,
    TimeSpan AlertWait)
{
    /// <summary>
    /// Dead letters garbage.sh leaves: four, or three when the broker refuses the oversize record (a real broker's
    /// message.max.bytes is about 1 MiB, the codec's limit; the mock takes 2 MiB).
    /// </summary>
    public int GarbageDeadLetters => MockKafka ? 4 : 3;

    /// <summary>How long the dead man's switch waits for a heartbeat: the five minutes runbooks/Watchdog.md asks, on the rules' clock.</summary>
    public TimeSpan SwitchTimeout => TimeSpan.FromMinutes(5) / RuleTimeScale;
}
