using System.Text.RegularExpressions;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// The counting and the promises of `make chaos` without a stack: each drill's promise holds for the outcome it
/// describes and breaks when a fire is lost, repeated, late, an alert is missing or wrong, a worker holds too much,
/// or the dead man's switch sees what it should not.
/// </summary>
public sealed partial class DrillPromiseTests
{
    private const string Steady = "chaos-all";

    private static readonly DateTimeOffset From = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static readonly ChaosStackTraits Local = ChaosStack.LocalTraits;

    public static TheoryData<string> Drills => new(ChaosDrills.Names);

    /// <summary>The drills that do not break the alerting path: the dead man's switch must stay quiet through them.</summary>
    public static TheoryData<string> QuietSwitchDrills => new(ChaosDrills.For(Local).Where(d => d.Promise.DeadMansSwitch is null).Select(d => d.Name));

    [Fact]
    public void Of_RunsWithAGapARepeatAndAMissingInstant_CountsThem()
    {
        var runs = new[] { 0, 1, 1, 3 }.Select(s => Run(s, startedAfter: s == 3 ? 9 : s)).ToList();

        var count = DrillCount.Of(Steady, From, From.AddSeconds(3), [], [Key(0), Key(1), Key(3)], runs);

        Assert.Equal(4, count.Due);
        Assert.Equal(3, count.Published);
        Assert.Equal(3, count.Run);
        Assert.Equal(1, count.Lost);
        Assert.Equal(1, count.Duplicated);
        Assert.Equal(TimeSpan.FromSeconds(8), count.LongestGap);
        Assert.Equal(TimeSpan.FromSeconds(6), count.LatestStart);
    }

    [Fact]
    public void Of_AStallWhoseRunsStartInABurstAfterwards_CountsTheStallAsTheGap()
    {
        var runs = Enumerable.Range(0, 10).Select(s => Run(s, startedAfter: 20)).ToList();

        var count = DrillCount.Of(Steady, From, From.AddSeconds(9), [], [], runs);

        Assert.Equal(TimeSpan.FromSeconds(20), count.LongestGap);
        Assert.Equal(TimeSpan.FromSeconds(20), count.LatestStart);
    }

    [Fact]
    public void Of_AFloodAddedToTheSteadyJob_CountsEachFireOnceAndItsDrainAsTheLatestStart()
    {
        var flood = ChaosScripts.FloodFires(3, From.AddSeconds(1));
        var runs = new List<DrillRun>
        {
            Run(0, 0), Run(1, 1),
            new("flood-0001", From.AddSeconds(1), "f1", "w1", From.AddSeconds(2)),
            new("flood-0001", From.AddSeconds(1), "f1", "w2", From.AddSeconds(3)),
            new("flood-0003", From.AddSeconds(1), "f3", "w1", From.AddSeconds(31)),
            new("chaos-once", From.AddSeconds(1), "o1", "w1", From.AddSeconds(1)),
        };

        var count = DrillCount.Of(Steady, From, From.AddSeconds(1), flood, [Key(0), Key(1), .. flood], runs);

        Assert.Equal(5, count.Due);
        Assert.Equal(5, count.Published);
        Assert.Equal(4, count.Run);
        Assert.Equal(1, count.Lost);
        Assert.Equal(1, count.Duplicated);
        Assert.Equal(TimeSpan.FromSeconds(30), count.LatestStart);
        Assert.Equal(TimeSpan.FromSeconds(1), count.LongestGap);
    }

    [Fact]
    public void Parse_ARunLineInsideAWorkerLogLine_IsTheRun()
    {
        var run = DrillRun.Parse("worker-cluster-a-1  | 12:00:05.210 info: KafkaCron.Worker[2020] Job chaos-all (partition 0 offset 7) fire 0193-abc attempt 1 succeeded in 00:00:00.0040000 " +
            "(exit code 0, started 00:00:00.1230000 after its scheduled time) stdout tail (95 bytes in all): kcron-drill-run chaos-all 2026-12-03T12:00:05.0000000+00:00 0193-abc w2 1796299205123  stderr tail (0 bytes in all): ");

        Assert.Equal(new DrillRun("chaos-all", From.AddSeconds(5), "0193-abc", "w2", DateTimeOffset.FromUnixTimeMilliseconds(1796299205123)), run);
        Assert.Null(DrillRun.Parse("worker-cluster-a-1  | Job chaos-all (partition 0 offset 7) fire 0193-abc attempt 1 succeeded"));
        Assert.Null(DrillRun.Parse("kcron-drill-run chaos-all not-a-time 0193-abc w2 1"));
    }

    [Theory]
    [MemberData(nameof(Drills))]
    public void Broken_TheOutcomeThePromiseDescribes_IsKept(string drill)
    {
        var promise = ChaosDrills.Named(Local, drill).Promise;

        Assert.Empty(promise.Broken(AsPromised(promise)));
    }

    [Theory]
    [MemberData(nameof(Drills))]
    public void Broken_OneFireLost_BreaksEveryDrillsPromise(string drill)
    {
        var promise = ChaosDrills.Named(Local, drill).Promise;

        var broken = promise.Broken(AsPromised(promise) with { Count = Healthy() with { Lost = 1, Run = 59 } });

        Assert.Contains("lost 1 > 0", broken);
    }

    [Theory]
    [MemberData(nameof(Drills))]
    public void Broken_RunsStalledLongerThanAllowed_BreaksEveryDrillsPromise(string drill)
    {
        var promise = ChaosDrills.Named(Local, drill).Promise;

        var broken = promise.Broken(AsPromised(promise) with { Count = Healthy() with { LongestGap = promise.MaxGap + TimeSpan.FromSeconds(1) } });

        Assert.Single(broken, b => b.StartsWith("longest gap", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(QuietSwitchDrills))]
    public void Broken_HeartbeatLostWhenTheAlertingPathIsNotWhatBroke_BreaksThePromise(string drill)
    {
        var promise = ChaosDrills.Named(Local, drill).Promise;

        var broken = promise.Broken(AsPromised(promise) with { Heartbeat = Trace(alarmedAt: 30) });

        Assert.Contains("the dead man's switch alarmed at +10 s", broken);
    }

    [Fact]
    public void Broken_RepeatsBeyondTheLimit_BreakThePromise()
    {
        var promise = ChaosDrills.Named(Local, "leader-sigkill").Promise;

        Assert.Contains("duplicated 1 > 0", promise.Broken(Observed(Healthy() with { Duplicated = 1 })));
        Assert.Empty(ChaosDrills.Named(Local, "worker-sigkill").Promise.Broken(Observed(Healthy() with { Duplicated = 3 })));
    }

    [Fact]
    public void Broken_RequiredAlertMissingOrForbiddenAlertFiring_BreaksThePromise()
    {
        var garbage = ChaosDrills.Named(Local, "garbage").Promise;

        Assert.Contains("KcronDeadLetters did not fire", garbage.Broken(Observed(Healthy()) with { DeadLetters = 4 }));
        Assert.Contains("3 dead letters, not 4", garbage.Broken(Observed(Healthy(), Firing("KcronDeadLetters")) with { DeadLetters = 3 }));
        Assert.Contains("KcronNoLeader fired", ChaosDrills.Named(Local, "zookeeper-1-down").Promise.Broken(Observed(Healthy(), Firing("KcronNoLeader"))));
    }

    [Fact]
    public void Broken_PublishedWhileTheQuorumWasLost_IsASplitBrain()
    {
        var promise = ChaosDrills.Named(Local, "zookeeper-quorum-lost").Promise;

        Assert.Contains("2 fire(s) published while broken", promise.Broken(Observed(Healthy(), Firing("KcronNoLeader")) with { PublishedWhileBroken = 2 }));
    }

    [Fact]
    public void Broken_NothingDue_IsNotAPass()
    {
        Assert.Contains("nothing was due: the drill observed no time", ChaosDrills.Named(Local, "leader-moved").Promise.Broken(Observed(Healthy() with { Due = 0 })));
    }

    [Fact]
    public void Broken_FloodThatDrainsTooSlowly_BreaksThePromise()
    {
        var promise = ChaosDrills.Named(Local, "flood").Promise;

        var broken = promise.Broken(AsPromised(promise) with { Count = Healthy() with { LatestStart = promise.MaxLatestStart!.Value + TimeSpan.FromSeconds(1) } });

        Assert.Single(broken, b => b.StartsWith("latest start", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_FloodHeldInAWorkerInsteadOfKafka_BreaksThePromise()
    {
        var promise = ChaosDrills.Named(Local, "flood").Promise;

        Assert.Contains("a worker held 1500 fires > 1028", promise.Broken(AsPromised(promise) with { Load = new WorkerLoad(1500, 1500, 100, 120) }));
        Assert.Contains("a worker's working set reached 900 MiB > 256 MiB", promise.Broken(AsPromised(promise) with { Load = new WorkerLoad(1028, 2000, 100, 900) }));
        Assert.Contains("the workers' load was not observed", promise.Broken(AsPromised(promise) with { Load = null }));
    }

    [Fact]
    public void Broken_FloodThatPages_BreaksThePromise()
    {
        var promise = ChaosDrills.Named(Local, "flood").Promise;

        Assert.Contains("KcronPartitionBacklog fired", promise.Broken(AsPromised(promise) with { Alerts = [Firing("KcronPartitionBacklog")] }));
        Assert.Empty(promise.Broken(AsPromised(promise) with { Alerts = [Firing("Watchdog")] }));
    }

    [Theory]
    [InlineData("prometheus-down")]
    [InlineData("alertmanager-down")]
    public void Broken_SwitchThatNeverAlarmsOrNeverHearsAgain_BreaksTheMonitoringDrills(string drill)
    {
        var promise = ChaosDrills.Named(Local, drill).Promise;
        var late = promise.DeadMansSwitch!.AlarmsWithin + TimeSpan.FromSeconds(21);

        Assert.Contains("the dead man's switch never alarmed", promise.Broken(AsPromised(promise) with { Heartbeat = Trace(alarmedAt: null) }));
        Assert.Contains("the heartbeat did not come back after the break", promise.Broken(AsPromised(promise) with { Heartbeat = Trace(alarmedAt: 30, resumedAt: null) }));
        Assert.Contains("no heartbeat reached the dead man's switch before the break", promise.Broken(AsPromised(promise) with { Heartbeat = Trace(alarmedAt: 30, lastBeforeBreak: null) }));
        Assert.Single(promise.Broken(AsPromised(promise) with { Heartbeat = Trace(alarmedAt: late.TotalSeconds) }), b => b.EndsWith("of the break", StringComparison.Ordinal));
        Assert.Single(promise.Broken(AsPromised(promise) with { Heartbeat = Trace(alarmedAt: 30, resumedAt: 90) }), b => b.StartsWith("the heartbeat came back 35 s", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_AlertFiredWhileAlertmanagerWasDownNeverDelivered_BreaksThePromise()
    {
        var promise = ChaosDrills.Named(Local, "alertmanager-down").Promise;

        Assert.Contains("KcronDeadLetters did not fire", promise.Broken(AsPromised(promise) with { Alerts = [] }));
    }

    [Fact]
    public void Of_HeartbeatsThatStopAndComeBack_AlarmOneTimeoutAfterTheLastAndResumeAfterTheRestore()
    {
        var beats = new[] { 1, 3, 5, 7, 9, 11, 13, 40, 42 }.Select(s => TimeSpan.FromSeconds(s));

        var trace = HeartbeatTrace.Of(beats, from: TimeSpan.Zero, brokeAt: TimeSpan.FromSeconds(5), restoredAt: TimeSpan.FromSeconds(38),
            until: TimeSpan.FromSeconds(50), timeout: TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(3), trace.LastBeforeBreak);
        Assert.Equal(TimeSpan.FromSeconds(23), trace.AlarmedAt);
        Assert.Equal(TimeSpan.FromSeconds(40), trace.ResumedAt);
    }

    [Fact]
    public void Of_NoHeartbeatAtAll_AlarmsOneTimeoutAfterWatchingBegan()
    {
        var trace = HeartbeatTrace.Of([], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(12), trace.AlarmedAt);
        Assert.Null(trace.LastBeforeBreak);
        Assert.Null(trace.ResumedAt);
    }

    [Fact]
    public void Of_SteadyHeartbeats_NeverAlarm()
    {
        var trace = HeartbeatTrace.Of(Enumerable.Range(0, 30).Select(s => TimeSpan.FromSeconds(2 * s)), TimeSpan.Zero, TimeSpan.FromSeconds(5),
            TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(10));

        Assert.Null(trace.AlarmedAt);
    }

    [Fact]
    public void For_ComposeOnTheRealClock_RequiresOnlyAlertsThatCanFireWithinTheBreak()
    {
        var compose = ChaosStack.LocalTraits with { Kind = "compose", MockKafka = false, RuleTimeScale = 1 };

        Assert.Empty(ChaosDrills.Named(compose, "zookeeper-quorum-lost").Promise.MustFire);
        Assert.Equal(["KcronDeadLetters"], ChaosDrills.Named(compose, "garbage").Promise.MustFire);
        Assert.Equal(3, ChaosDrills.Named(compose, "garbage").Promise.DeadLetters);
        Assert.Equal(["KcronNoLeader"], ChaosDrills.Named(Local, "zookeeper-quorum-lost").Promise.MustFire);
    }

    [Fact]
    public void MatrixScriptAndMakeHelp_DrillLists_AreTheMatrix()
    {
        var script = File.ReadAllText(RepositoryPaths.Of("chaos", "matrix.sh"));
        var listed = DrillList().Match(script).Groups[1].Value.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var help = File.ReadAllLines(RepositoryPaths.Of("Makefile")).Single(line => line.StartsWith("chaos:", StringComparison.Ordinal));

        Assert.Equal(ChaosDrills.Names, listed);
        Assert.Equal(ChaosDrills.Names, HelpDrillList().Match(help).Groups[1].Value.Split(' '));
    }

    private static DrillCount Healthy() => new(From, From.AddSeconds(59), 60, 60, 60, 0, 0, TimeSpan.FromSeconds(1));

    private static DrillObservation Observed(DrillCount count, params DeliveredAlert[] alerts) => new(count, alerts, 0, 0);

    /// <summary>What each promise describes: its alerts, its dead letters, a worker within bounds, the switch as expected.</summary>
    private static DrillObservation AsPromised(DrillPromise promise) =>
        new DrillObservation(Healthy(), [.. promise.MustFire.Select(a => Firing(a))], promise.DeadLetters ?? 0, 0)
        {
            Load = promise.MaxHeld is null ? null : new WorkerLoad(promise.MaxHeld.Value, 2500, 100, 130),
            Heartbeat = promise.DeadMansSwitch is null ? Trace(alarmedAt: null) : Trace(alarmedAt: 30),
        };

    /// <summary>A break from 20 s to 55 s on the drill's stopwatch, heartbeats before it and back at 58 s unless told otherwise.</summary>
    private static HeartbeatTrace Trace(double? alarmedAt, double? resumedAt = 58, double? lastBeforeBreak = 19) =>
        new(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(55), Seconds(lastBeforeBreak), Seconds(alarmedAt), Seconds(resumedAt));

    private static TimeSpan? Seconds(double? value) => value is { } s ? TimeSpan.FromSeconds(s) : null;

    private static FireKey Key(int second) => new(Steady, From.AddSeconds(second));

    private static DrillRun Run(int second, int startedAfter) =>
        new(Steady, From.AddSeconds(second), "fire-" + second, "w1", From.AddSeconds(startedAfter));

    private static DeliveredAlert Firing(string name) => new(name, "firing", new Dictionary<string, string>(), TimeSpan.Zero);

    [GeneratedRegex(@"\ndrills=\(([^)]*)\)")]
    private static partial Regex DrillList();

    [GeneratedRegex("runs one of: ([a-z0-9 -]+);")]
    private static partial Regex HelpDrillList();
}
