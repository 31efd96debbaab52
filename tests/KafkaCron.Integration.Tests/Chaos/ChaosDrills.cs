using System.Globalization;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// The drill matrix of `make chaos`, each with the promise chaos/README.md and the runbooks make for it, for a stack
/// with the given traits: the breaks last <see cref="ChaosStackTraits.BreakFor"/> (ten minutes on the local stack's
/// compressed rule clock), and the bounds follow the stack's session timeouts and Kafka.
/// </summary>
internal static class ChaosDrills
{
    /// <summary>Fires due at one second in the flood drill: several times what the workers may hold, so the backlog must wait in Kafka.</summary>
    public const int FloodFires = 3000;

    /// <summary>The slowest drain the flood drill accepts: runs started per second by the two workers, on a busy machine.</summary>
    public const int FloodMinimumRunsPerSecond = 100;

    /// <summary>A healthy stack's gap between two runs of a job due every second, with room for a busy machine.</summary>
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(4);

    /// <summary>The flood's jobs are added this long before they are due: time for both schedulers to reload.</summary>
    private static readonly TimeSpan FloodLead = TimeSpan.FromSeconds(10);

    /// <summary>A worker's working set the flood may not push past (idle ~100 MiB; docs/load.md measured 117 MiB under 10,000 fires).</summary>
    private const double FloodMaxWorkingSetMiB = 256;

    /// <summary>The drills' names (the matrix runs them in the order xUnit picks; the table shows it).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. For(ChaosStack.LocalTraits).Select(d => d.Name)];

    public static Drill Named(ChaosStackTraits stack, string name) => For(stack).Single(d => d.Name == name);

    public static IReadOnlyList<Drill> For(ChaosStackTraits stack) =>
    [
        BrokersDown(stack, 1), BrokersDown(stack, 2), BrokersDown(stack, 3),
        new("leader-moved", "both partitions' leadership moved to broker 3 (move-leader.sh)",
            new DrillPromise("clients follow the new leader: nothing lost or repeated, no stall", 0, 0, Steady),
            Timed(s => s.MoveLeadersAsync(3))),
        new("zookeeper-1-down", $"1 of 3 ZooKeeper nodes SIGKILLed for {Seconds(stack.BreakFor)}",
            new DrillPromise("a quorum remains: the leader keeps its session; nothing lost or repeated", 0, 0, stack.SchedulerSession + Steady)
            {
                MustNotFire = ["KcronNoLeader"],
            },
            s => ZooKeeperDownAsync(s, 1)),
        new("zookeeper-quorum-lost", $"2 of 3 ZooKeeper nodes SIGKILLed for {Seconds(stack.BreakFor)}",
            new DrillPromise("publishing stops (no split brain), KcronNoLeader pages; after the quorum returns every missed fire is caught up (fireAll), none twice",
                // The break, then a new session once the ensemble has re-formed.
                0, 0, stack.BreakFor + stack.SchedulerSession + TimeSpan.FromSeconds(13))
            {
                MustFire = Reachable(stack, "KcronNoLeader"),
                SilentWhileBroken = true,
            },
            s => ZooKeeperDownAsync(s, 2)),
        new("leader-sigkill", "the leading scheduler SIGKILLed (a replacement replica started)",
            new DrillPromise("a standby leads within the session timeout; nothing lost (fireAll) or run twice", 0, 0, stack.SchedulerSession + Steady),
            Timed(s => s.KillLeaderAsync())),
        new("leader-sigstop", "the leading scheduler SIGSTOPped for 3 session timeouts, then SIGCONT",
            new DrillPromise("a standby leads; the woken leader publishes nothing stale; nothing lost or run twice", 0, 0, 3 * stack.SchedulerSession + Steady),
            Timed(s => s.PauseLeaderAsync(3 * stack.SchedulerSession))),
        new("worker-sigkill", $"one of the two workers SIGKILLed without drain or commit (a replacement started {Seconds(stack.BreakFor)} later)",
            // The coordinator gives up on the dead member after the session timeout; the rebalance round that follows
            // takes up to about another on the mock (measured 5 to 12 s in all). Still well under the break: a survivor
            // that never took over shows as a gap until the replacement's start.
            new DrillPromise("the survivor takes its partitions after the group's session timeout and a rebalance; nothing lost, repeats allowed (at least once)",
                0, 10, 2 * stack.WorkerSession + Steady),
            Timed(s => s.KillWorkerAsync(stack.BreakFor))),
        new("garbage", $"4 undecodable records written to kcron.jobs.cluster-a (garbage.sh{(stack.MockKafka ? ", 2 MiB oversize" : "; the broker refuses the oversize one")})",
            new DrillPromise("each is dead-lettered with its reason and KcronDeadLetters pages; the job keeps running", 0, 0, Steady)
            {
                MustFire = Reachable(stack, "KcronDeadLetters"),
                DeadLetters = stack.GarbageDeadLetters,
            },
            Timed(s => s.WriteGarbageAsync())),
        Flood(stack),
        PrometheusDown(stack),
        AlertmanagerDown(stack),
    ];

    private static Drill BrokersDown(ChaosStackTraits stack, int count)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"brokers-{count}-of-3-down");
        var breaks = string.Create(CultureInfo.InvariantCulture, $"{count} of 3 {(stack.MockKafka ? "mock " : string.Empty)}brokers down for {Seconds(stack.BreakFor)} (broker-down.sh)");
        // A downed broker can be the group coordinator: the workers then lose their partitions without a clean revoke,
        // and runs finished since the last commit run again on the new owner (at least once, docs/worker.md).
        var promise = (stack.MockKafka, count) switch
        {
            (true, _) => new DrillPromise("the mock has no failover: partitions led by a downed broker stall and recover; publishes are retried; nothing lost, repeats allowed (at least once)",
                0, 10, stack.BreakFor + TimeSpan.FromSeconds(15)),
            (false, 1) => new DrillPromise("leaders move to the survivors (min.insync.replicas 2 still met): nothing lost, a rebalance's repeats allowed, no stall beyond a rebalance",
                0, 10, stack.WorkerSession + TimeSpan.FromSeconds(15)),
            _ => new DrillPromise("min.insync.replicas 2 no longer met: publishes and commits fail and are retried, runs stall until a broker is back; nothing lost, repeats allowed",
                0, 10, stack.BreakFor + TimeSpan.FromSeconds(60)),
        };
        return new Drill(name, breaks, promise, Timed(s => s.BrokersDownAsync(count, stack.BreakFor)));
    }

    private static Drill Flood(ChaosStackTraits stack)
    {
        // The last fire of the burst starts within this, and the steady job, queued behind it, waits as long.
        var drain = TimeSpan.FromSeconds((double)FloodFires / FloodMinimumRunsPerSecond + 30);
        return new Drill("flood", string.Create(CultureInfo.InvariantCulture, $"{FloodFires} jobs due in the same second, added to the job file (flood.sh)"),
            new DrillPromise(string.Create(CultureInfo.InvariantCulture,
                $"every fire runs once; the burst drains at {FloodMinimumRunsPerSecond}+ runs/s (last start within {Seconds(drain)}); a worker holds at most its pipeline capacity ({stack.WorkerPipelineCapacity}), the rest waits in Kafka as lag; working set under {FloodMaxWorkingSetMiB:F0} MiB; no alert"),
                0, 0, drain)
            {
                MaxLatestStart = drain,
                MaxHeld = stack.WorkerPipelineCapacity,
                MaxWorkingSetMiB = FloodMaxWorkingSetMiB,
                MustNotFire = AllAlertsBut(),
            },
            async s =>
            {
                var from = DateTimeOffset.UtcNow;
                var fires = await s.FloodAsync(FloodFires, FloodLead, FloodLead + TimeSpan.FromSeconds(5));
                return new BrokenWindow(from, DateTimeOffset.UtcNow) { Added = fires };
            });
    }

    private static Drill PrometheusDown(ChaosStackTraits stack)
    {
        var resend = TimeSpan.FromMinutes(1) / stack.RuleTimeScale;
        var route = WatchdogRoute.FromProductionTemplate().Scaled(stack.RuleTimeScale);
        // Alertmanager holds an alert Prometheus stopped sending for four resend delays, and repeats it meanwhile.
        var alarmsWithin = 4 * resend + route.RepeatInterval + stack.SwitchTimeout + TimeSpan.FromSeconds(5);
        return new Drill("prometheus-down", $"Prometheus SIGKILLed for {Seconds(stack.MonitoringDownFor)}, then started again on its data",
            new DrillPromise("no alert can fire: the Watchdog heartbeat stops once Alertmanager lets the last one expire, and the dead man's switch (outside) pages; KafkaCron runs on, nothing lost; on restart the heartbeat returns and nothing else pages",
                0, 0, Steady)
            {
                MustNotFire = AllAlertsBut(),
                DeadMansSwitch = new SwitchExpectation(alarmsWithin, TimeSpan.FromSeconds(15)),
            },
            s => MonitoringDownAsync(s, MonitoringService.Prometheus, during: null));
    }

    private static Drill AlertmanagerDown(ChaosStackTraits stack)
    {
        var route = WatchdogRoute.FromProductionTemplate().Scaled(stack.RuleTimeScale);
        return new Drill("alertmanager-down",
            $"Alertmanager SIGKILLed for {Seconds(stack.MonitoringDownFor)}, garbage written two thirds into it, then Alertmanager started again",
            new DrillPromise("nothing is delivered: the heartbeat stops at once and the dead man's switch (outside) pages; an alert that fires meanwhile (KcronDeadLetters) is delivered once Alertmanager is back; KafkaCron runs on",
                0, 0, Steady)
            {
                MustFire = Reachable(stack, "KcronDeadLetters"),
                MustNotFire = AllAlertsBut("KcronDeadLetters"),
                DeadLetters = stack.GarbageDeadLetters,
                DeadMansSwitch = new SwitchExpectation(route.RepeatInterval + stack.SwitchTimeout + TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)),
            },
            s => MonitoringDownAsync(s, MonitoringService.Alertmanager, during: s.WriteGarbageAsync));
    }

    /// <summary>The window of a break that is over when <paramref name="breakAsync"/> returns.</summary>
    private static Func<IChaosStack, Task<BrokenWindow>> Timed(Func<IChaosStack, Task> breakAsync) => async stack =>
    {
        var from = DateTimeOffset.UtcNow;
        await breakAsync(stack);
        return new BrokenWindow(from, DateTimeOffset.UtcNow);
    };

    private static async Task<BrokenWindow> ZooKeeperDownAsync(IChaosStack stack, int count)
    {
        var from = DateTimeOffset.UtcNow;
        var until = await stack.ZooKeeperDownAsync(count, stack.Traits.BreakFor);
        return new BrokenWindow(from, until);
    }

    /// <summary>The service down for <see cref="ChaosStackTraits.MonitoringDownFor"/>; <paramref name="during"/> runs two thirds into it.</summary>
    private static async Task<BrokenWindow> MonitoringDownAsync(IChaosStack stack, MonitoringService service, Func<Task>? during)
    {
        var downFor = stack.Traits.MonitoringDownFor;
        var from = DateTimeOffset.UtcNow;
        await stack.StopAsync(service);
        try
        {
            await Task.Delay(downFor * 2 / 3);
            if (during is not null)
            {
                await during();
            }

            var left = from + downFor - DateTimeOffset.UtcNow;
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }
        }
        finally
        {
            await stack.StartAsync(service);
        }

        return new BrokenWindow(from, from + downFor);
    }

    /// <summary>
    /// The alerts a drill can require on this stack: one whose <c>for:</c>, on the stack's rule clock, outlasts the break
    /// cannot have fired by the end of it (on the real clock of a compose stack, KcronNoLeader needs two minutes).
    /// </summary>
    private static IReadOnlyList<string> Reachable(ChaosStackTraits stack, params string[] alerts)
    {
        var holdFor = AlertRules.Load().ToDictionary(r => r.Name, r => r.For, StringComparer.Ordinal);
        return [.. alerts.Where(a => holdFor[a] / stack.RuleTimeScale <= stack.BreakFor)];
    }

    /// <summary>Every alert of the rules but the heartbeat and <paramref name="allowed"/>: for drills after which nothing may page.</summary>
    private static IReadOnlyList<string> AllAlertsBut(params string[] allowed) =>
        [.. AlertRules.Load().Select(r => r.Name).Where(n => n != "Watchdog" && !allowed.Contains(n))];

    private static string Seconds(TimeSpan duration) => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:F0} s");
}
