using System.Globalization;
using KafkaCron.Integration.Tests.Deployment;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// The drill matrix of `make chaos`, each with the promise chaos/README.md and the runbooks make for it. The break
/// lasts <see cref="BreakFor"/> (chosen so that, on the alert rules' compressed clock, it is ten minutes long).
/// </summary>
internal static class ChaosDrills
{
    public static readonly TimeSpan BreakFor = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);

    /// <summary>A healthy stack's gap between two runs of a job due every second, with room for a busy machine.</summary>
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(4);

    public static IReadOnlyList<Drill> All { get; } =
    [
        BrokersDown(1), BrokersDown(2), BrokersDown(3),
        new("leader-moved", "both partitions' leadership moved to broker 3 (move-leader.sh)",
            new DrillPromise("clients follow the new leader: nothing lost or repeated, no stall", 0, 0, Steady),
            async stack =>
            {
                var from = DateTimeOffset.UtcNow;
                foreach (var partition in new[] { "0", "1" })
                {
                    await ScriptAsync("chaos/move-leader.sh", "--to", "3", "--topic", "kcron.jobs." + ChaosStack.Cluster, "--partition", partition, "--control", Control(stack));
                }

                return new BrokenWindow(from, DateTimeOffset.UtcNow);
            }),
        new("zookeeper-1-down", "1 of 3 ZooKeeper nodes SIGKILLed for 20 s",
            new DrillPromise("a quorum remains: the leader keeps its session; nothing lost or repeated", 0, 0, ChaosStack.SessionTimeout + Steady)
            {
                MustNotFire = ["KcronNoLeader"],
            },
            stack => ZooKeeperDownAsync(stack, 1)),
        new("zookeeper-quorum-lost", "2 of 3 ZooKeeper nodes SIGKILLed for 20 s",
            new DrillPromise("publishing stops (no split brain), KcronNoLeader pages; after the quorum returns every missed fire is caught up (fireAll), none twice",
                0, 0, BreakFor + TimeSpan.FromSeconds(15))
            {
                MustFire = ["KcronNoLeader"],
                SilentWhileBroken = true,
            },
            stack => ZooKeeperDownAsync(stack, 2)),
        new("leader-sigkill", "the leading scheduler SIGKILLed (a replacement replica started)",
            new DrillPromise("a standby leads within the session timeout; nothing lost (fireAll) or run twice", 0, 0, ChaosStack.SessionTimeout + Steady),
            async stack =>
            {
                var (leader, _) = await stack.Schedulers.WaitForLeaderAsync(0, TimeSpan.FromSeconds(30));
                var from = DateTimeOffset.UtcNow;
                leader.Signal(PosixSignalNumber.Kill);
                await leader.WaitForExitAsync(TimeSpan.FromSeconds(30));
                stack.ReplaceScheduler(leader);
                return new BrokenWindow(from, DateTimeOffset.UtcNow);
            }),
        new("leader-sigstop", "the leading scheduler SIGSTOPped for 3 session timeouts, then SIGCONT",
            new DrillPromise("a standby leads; the woken leader publishes nothing stale; nothing lost or run twice", 0, 0, 3 * ChaosStack.SessionTimeout + Steady),
            async stack =>
            {
                var (leader, _) = await stack.Schedulers.WaitForLeaderAsync(0, TimeSpan.FromSeconds(30));
                var from = DateTimeOffset.UtcNow;
                leader.Signal(PosixSignalNumber.Stop);
                stack.Schedulers.Stopped.Add(leader);
                await Task.Delay(3 * ChaosStack.SessionTimeout);
                leader.Signal(PosixSignalNumber.Continue);
                stack.Schedulers.Stopped.Remove(leader);
                return new BrokenWindow(from, DateTimeOffset.UtcNow);
            }),
        new("worker-sigkill", "one of the two workers SIGKILLed without drain or commit (a replacement started 20 s later)",
            new DrillPromise("the survivor takes its partitions after the group's session timeout; nothing lost, repeats allowed (at least once)",
                0, 10, ChaosStack.WorkerSessionTimeout + Steady),
            async stack =>
            {
                var victim = stack.Workers[0];
                var from = DateTimeOffset.UtcNow;
                victim.Signal(PosixSignalNumber.Kill);
                await victim.WaitForExitAsync(TimeSpan.FromSeconds(30));
                await Task.Delay(BreakFor);
                stack.ReplaceWorker(victim);
                return new BrokenWindow(from, DateTimeOffset.UtcNow);
            }),
        new("garbage", "4 undecodable records written to kcron.jobs.cluster-a (garbage.sh, 2 MiB oversize)",
            new DrillPromise("each is dead-lettered with its reason and KcronDeadLetters pages; the job keeps running", 0, 0, Steady)
            {
                MustFire = ["KcronDeadLetters"],
                DeadLetters = 4,
            },
            async stack =>
            {
                var from = DateTimeOffset.UtcNow;
                await ScriptAsync("chaos/garbage.sh", "--bootstrap", stack.Broker.BootstrapServers, "--cluster", ChaosStack.Cluster, "--big-bytes", "2097152");
                return new BrokenWindow(from, DateTimeOffset.UtcNow);
            }),
    ];

    public static Drill Named(string name) => All.Single(d => d.Name == name);

    private static Drill BrokersDown(int count) => new(
        string.Create(CultureInfo.InvariantCulture, $"brokers-{count}-of-3-down"),
        string.Create(CultureInfo.InvariantCulture, $"{count} of 3 mock brokers down for 20 s (broker-down.sh)"),
        // A downed broker can be the group coordinator: the workers then lose their partitions without a clean revoke,
        // and runs finished since the last commit run again on the new owner (at least once, docs/worker.md).
        new DrillPromise("the mock has no failover: partitions led by a downed broker stall and recover; publishes are retried; nothing lost, repeats allowed (at least once)",
            0, 10, BreakFor + TimeSpan.FromSeconds(15)),
        async stack =>
        {
            var from = DateTimeOffset.UtcNow;
            await Task.WhenAll(Enumerable.Range(1, count).Select(broker => ScriptAsync("chaos/broker-down.sh",
                "--broker", broker.ToString(CultureInfo.InvariantCulture), "--seconds", BreakFor.TotalSeconds.ToString(CultureInfo.InvariantCulture), "--control", Control(stack))));
            return new BrokenWindow(from, DateTimeOffset.UtcNow);
        });

    private static async Task<BrokenWindow> ZooKeeperDownAsync(ChaosStack stack, int count)
    {
        var victims = stack.ZooKeeper.Take(count).ToList();
        var from = DateTimeOffset.UtcNow;
        foreach (var member in victims)
        {
            await member.KillAsync();
        }

        await Task.Delay(BreakFor);
        var until = DateTimeOffset.UtcNow;
        foreach (var member in victims)
        {
            member.Start();
        }

        foreach (var member in victims)
        {
            await member.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        }

        return new BrokenWindow(from, until);
    }

    private static string Control(ChaosStack stack) => stack.Broker.ControlUrl.ToString().TrimEnd('/');

    private static async Task ScriptAsync(string script, params string[] arguments)
    {
        var result = await ExternalCommand.BashAsync(script, arguments, ScriptTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)}: {result}");
        }
    }
}
