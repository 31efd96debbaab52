using System.Diagnostics;
using KafkaCron.Integration.Tests.HighAvailability;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>The monitoring services a drill can take down.</summary>
internal enum MonitoringService
{
    Prometheus,
    Alertmanager,
}

/// <summary>
/// What the drills do to a stack and read from it. <see cref="ChaosStack"/> is compose-multi-broker's topology as
/// processes on loopback; <see cref="ComposeChaosStack"/> is a running compose-multi-broker stack, broken through
/// docker compose and the chaos/ scripts. Every break is bounded and undone before its method returns, unless the
/// method says otherwise.
/// </summary>
internal interface IChaosStack : IAsyncDisposable
{
    ChaosStackTraits Traits { get; }

    /// <summary>The stopwatch alerts and heartbeats are timed on.</summary>
    Stopwatch Clock { get; }

    /// <summary>The drill job: due every second (fireAll), each run recorded.</summary>
    string SteadyJob { get; }

    /// <summary>Where the stack's Prometheus answers queries.</summary>
    Uri PrometheusUrl { get; }

    /// <summary>Brokers 1..<paramref name="count"/> down for <paramref name="duration"/>, then up again.</summary>
    Task BrokersDownAsync(int count, TimeSpan duration);

    /// <summary>The leadership of both partitions of the cluster's jobs topic moved to <paramref name="broker"/>.</summary>
    Task MoveLeadersAsync(int broker);

    /// <summary>ZooKeeper nodes 1..<paramref name="count"/> SIGKILLed for <paramref name="duration"/>; returns when they were started again (it waits until they serve).</summary>
    Task<DateTimeOffset> ZooKeeperDownAsync(int count, TimeSpan duration);

    /// <summary>The leading scheduler SIGKILLed and a replacement started.</summary>
    Task KillLeaderAsync();

    /// <summary>The leading scheduler SIGSTOPped for <paramref name="duration"/>, then SIGCONT.</summary>
    Task PauseLeaderAsync(TimeSpan duration);

    /// <summary>One worker SIGKILLed without drain or commit; a replacement started after <paramref name="downFor"/>.</summary>
    Task KillWorkerAsync(TimeSpan downFor);

    /// <summary>garbage.sh's four undecodable records on the cluster's jobs topic.</summary>
    Task WriteGarbageAsync();

    /// <summary>
    /// flood.sh: <paramref name="count"/> recorded jobs due at one second, <paramref name="lead"/> from now, kept in the job
    /// file for <paramref name="hold"/>; returns their fires once they are out of the file again.
    /// </summary>
    Task<IReadOnlyList<FireKey>> FloodAsync(int count, TimeSpan lead, TimeSpan hold);

    /// <summary>The service SIGKILLed; it stays down until <see cref="StartAsync"/>.</summary>
    Task StopAsync(MonitoringService service);

    /// <summary>The service started again with its data, on its address; returns once it is ready.</summary>
    Task StartAsync(MonitoringService service);

    /// <summary>Every recorded run of a drill job so far.</summary>
    IReadOnlyList<DrillRun> Runs();

    /// <summary>Every fire on the cluster's jobs topic so far.</summary>
    IReadOnlyList<StoredFire> Published { get; }

    /// <summary>The alerts Alertmanager has delivered (or, where no receiver can be reached, shown as active) so far.</summary>
    IReadOnlyList<DeliveredAlert> Alerts { get; }

    /// <summary>When each Watchdog heartbeat reached the dead man's switch; null when the stack has none the drill can watch.</summary>
    IReadOnlyList<TimeSpan>? Heartbeats { get; }

    /// <summary>Records written to the cluster's dead-letter topic at or after <paramref name="since"/>.</summary>
    Task<int> DeadLettersSinceAsync(DateTimeOffset since);

    /// <summary>What the stack's programs said, for a failure message.</summary>
    string Transcript();
}
