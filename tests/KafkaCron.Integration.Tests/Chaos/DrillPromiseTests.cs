using System.Text.RegularExpressions;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// The counting and the promises of `make chaos` without a stack: each drill's promise holds for the outcome it
/// describes and breaks when a fire is lost, repeated, late, or an alert is missing or wrong.
/// </summary>
public sealed partial class DrillPromiseTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Drills => new(ChaosDrills.All.Select(d => d.Name));

    [Fact]
    public void Of_RunsWithAGapARepeatAndAMissingInstant_CountsThem()
    {
        var runs = new[] { 0, 1, 1, 3 }.Select(s => Run(s, startedAfter: s == 3 ? 9 : s)).ToList();

        var count = DrillCount.Of(From, From.AddSeconds(3), [From, From.AddSeconds(1), From.AddSeconds(3)], runs);

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

        var count = DrillCount.Of(From, From.AddSeconds(9), [], runs);

        Assert.Equal(TimeSpan.FromSeconds(20), count.LongestGap);
        Assert.Equal(TimeSpan.FromSeconds(20), count.LatestStart);
    }

    [Theory]
    [MemberData(nameof(Drills))]
    public void Broken_TheOutcomeThePromiseDescribes_IsKept(string drill)
    {
        var promise = ChaosDrills.Named(drill).Promise;

        var broken = promise.Broken(Healthy(), promise.MustFire.Select(Firing), promise.DeadLetters ?? 0, publishedWhileBroken: 0);

        Assert.Empty(broken);
    }

    [Theory]
    [MemberData(nameof(Drills))]
    public void Broken_OneFireLost_BreaksEveryDrillsPromise(string drill)
    {
        var promise = ChaosDrills.Named(drill).Promise;

        var broken = promise.Broken(Healthy() with { Lost = 1, Run = 59 }, promise.MustFire.Select(Firing), promise.DeadLetters ?? 0, 0);

        Assert.Contains("lost 1 > 0", broken);
    }

    [Theory]
    [MemberData(nameof(Drills))]
    public void Broken_RunsStalledLongerThanAllowed_BreaksEveryDrillsPromise(string drill)
    {
        var promise = ChaosDrills.Named(drill).Promise;

        var broken = promise.Broken(Healthy() with { LongestGap = promise.MaxGap + TimeSpan.FromSeconds(1) }, promise.MustFire.Select(Firing), promise.DeadLetters ?? 0, 0);

        Assert.Single(broken, b => b.StartsWith("longest gap", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_RepeatsBeyondTheLimit_BreakThePromise()
    {
        var promise = ChaosDrills.Named("leader-sigkill").Promise;

        Assert.Contains("duplicated 1 > 0", promise.Broken(Healthy() with { Duplicated = 1 }, [], 0, 0));
        Assert.Empty(ChaosDrills.Named("worker-sigkill").Promise.Broken(Healthy() with { Duplicated = 3 }, [], 0, 0));
    }

    [Fact]
    public void Broken_RequiredAlertMissingOrForbiddenAlertFiring_BreaksThePromise()
    {
        Assert.Contains("KcronDeadLetters did not fire", ChaosDrills.Named("garbage").Promise.Broken(Healthy(), [], 4, 0));
        Assert.Contains("3 dead letters, not 4", ChaosDrills.Named("garbage").Promise.Broken(Healthy(), [Firing("KcronDeadLetters")], 3, 0));
        Assert.Contains("KcronNoLeader fired", ChaosDrills.Named("zookeeper-1-down").Promise.Broken(Healthy(), [Firing("KcronNoLeader")], 0, 0));
    }

    [Fact]
    public void Broken_PublishedWhileTheQuorumWasLost_IsASplitBrain()
    {
        var promise = ChaosDrills.Named("zookeeper-quorum-lost").Promise;

        Assert.Contains("2 fire(s) published while broken", promise.Broken(Healthy(), [Firing("KcronNoLeader")], 0, publishedWhileBroken: 2));
    }

    [Fact]
    public void Broken_NothingDue_IsNotAPass()
    {
        Assert.Contains("nothing was due: the drill observed no time", ChaosDrills.Named("leader-moved").Promise.Broken(Healthy() with { Due = 0 }, [], 0, 0));
    }

    [Fact]
    public void MatrixScriptAndMakeHelp_DrillLists_AreTheMatrix()
    {
        var script = File.ReadAllText(RepositoryPaths.Of("chaos", "matrix.sh"));
        var listed = DrillList().Match(script).Groups[1].Value.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var help = File.ReadAllLines(RepositoryPaths.Of("Makefile")).Single(line => line.StartsWith("chaos:", StringComparison.Ordinal));

        Assert.Equal(ChaosDrills.All.Select(d => d.Name), listed);
        Assert.Equal(ChaosDrills.All.Select(d => d.Name), HelpDrillList().Match(help).Groups[1].Value.Split(' '));
    }

    private static DrillCount Healthy() => new(From, From.AddSeconds(59), 60, 60, 60, 0, 0, TimeSpan.FromSeconds(1));

    private static DrillRun Run(int second, int startedAfter) =>
        new(From.AddSeconds(second), "fire-" + second, "w1", From.AddSeconds(startedAfter));

    private static DeliveredAlert Firing(string name) => new(name, "firing", new Dictionary<string, string>(), TimeSpan.Zero);

    [GeneratedRegex(@"\ndrills=\(([^)]*)\)")]
    private static partial Regex DrillList();

    [GeneratedRegex("runs one of: ([a-z0-9 -]+);")]
    private static partial Regex HelpDrillList();
}
