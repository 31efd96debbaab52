using System.Globalization;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>What the dead man's switch must see when the drill breaks the alerting path itself.</summary>
/// <param name="AlarmsWithin">The switch alarms no later than this after the break began.</param>
/// <param name="ResumesWithin">A heartbeat arrives no later than this after the break was undone.</param>
internal sealed record SwitchExpectation(TimeSpan AlarmsWithin, TimeSpan ResumesWithin);

/// <summary>
/// What chaos/README.md and the runbooks promise for one drill, as limits a <see cref="DrillObservation"/> is checked
/// against. <see cref="Broken"/> names every promise not kept.
/// </summary>
internal sealed record DrillPromise(string Text, int MaxLost, int MaxDuplicated, TimeSpan MaxGap)
{
    /// <summary>Alerts that must have fired during the drill.</summary>
    public IReadOnlyList<string> MustFire { get; init; } = [];

    /// <summary>Alerts whose firing means the promise is broken (Watchdog, the heartbeat, is always allowed).</summary>
    public IReadOnlyList<string> MustNotFire { get; init; } = [];

    /// <summary>Records the drill must find on the cluster's dead-letter topic, when it checks that.</summary>
    public int? DeadLetters { get; init; }

    /// <summary>Nothing may be published while the break lasts (once a session timeout has passed): no split brain.</summary>
    public bool SilentWhileBroken { get; init; }

    /// <summary>Every counted run starts no later than this after its scheduled instant (a flood drains within it).</summary>
    public TimeSpan? MaxLatestStart { get; init; }

    /// <summary>No worker holds more fetched, unfinished fires than this: beyond it, a backlog waits in Kafka.</summary>
    public int? MaxHeld { get; init; }

    /// <summary>No worker's working set grows above this many MiB.</summary>
    public double? MaxWorkingSetMiB { get; init; }

    /// <summary>Null: the dead man's switch must stay quiet (the alerting path is not what the drill breaks).</summary>
    public SwitchExpectation? DeadMansSwitch { get; init; }

    public IReadOnlyList<string> Broken(DrillObservation observed)
    {
        var count = observed.Count;
        var fired = observed.Alerts.Where(a => a.Status == "firing").Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var broken = new List<string>();
        if (count.Due == 0)
        {
            broken.Add("nothing was due: the drill observed no time");
        }

        if (count.Lost > MaxLost)
        {
            broken.Add(Say($"lost {count.Lost} > {MaxLost}"));
        }

        if (count.Duplicated > MaxDuplicated)
        {
            broken.Add(Say($"duplicated {count.Duplicated} > {MaxDuplicated}"));
        }

        if (count.LongestGap > MaxGap)
        {
            broken.Add(Say($"longest gap {count.LongestGap.TotalSeconds:F1} s > {MaxGap.TotalSeconds:F0} s"));
        }

        if (count.LatestStart > MaxLatestStart)
        {
            broken.Add(Say($"latest start {count.LatestStart.TotalSeconds:F1} s > {MaxLatestStart.Value.TotalSeconds:F0} s"));
        }

        broken.AddRange(MustFire.Where(a => !fired.Contains(a)).Select(a => $"{a} did not fire"));
        broken.AddRange(MustNotFire.Where(fired.Contains).Select(a => $"{a} fired"));
        if (DeadLetters is { } expected && observed.DeadLetters != expected)
        {
            broken.Add(Say($"{observed.DeadLetters} dead letters, not {expected}"));
        }

        if (SilentWhileBroken && observed.PublishedWhileBroken > 0)
        {
            broken.Add(Say($"{observed.PublishedWhileBroken} fire(s) published while broken"));
        }

        broken.AddRange(LoadBroken(observed.Load));
        broken.AddRange(SwitchBroken(observed.Heartbeat));
        return broken;
    }

    private IEnumerable<string> LoadBroken(WorkerLoad? load)
    {
        if (MaxHeld is null && MaxWorkingSetMiB is null)
        {
            yield break;
        }

        if (load is null)
        {
            yield return "the workers' load was not observed";
            yield break;
        }

        if (load.PeakHeld > MaxHeld)
        {
            yield return Say($"a worker held {load.PeakHeld} fires > {MaxHeld}");
        }

        if (load.PeakWorkingSetMiB > MaxWorkingSetMiB)
        {
            yield return Say($"a worker's working set reached {load.PeakWorkingSetMiB:F0} MiB > {MaxWorkingSetMiB:F0} MiB");
        }
    }

    private IEnumerable<string> SwitchBroken(HeartbeatTrace? trace)
    {
        if (trace is null)
        {
            yield break;
        }

        if (DeadMansSwitch is not { } expected)
        {
            if (trace.AlarmedAt is { } at)
            {
                yield return Say($"the dead man's switch alarmed at {Since(at, trace.BrokeAt)} s");
            }

            yield break;
        }

        if (trace.LastBeforeBreak is null)
        {
            yield return "no heartbeat reached the dead man's switch before the break";
        }

        if (trace.AlarmedAt is not { } alarmed)
        {
            yield return "the dead man's switch never alarmed";
        }
        else if (alarmed < trace.BrokeAt || alarmed - trace.BrokeAt > expected.AlarmsWithin)
        {
            yield return Say($"the dead man's switch alarmed at {Since(alarmed, trace.BrokeAt)} s, not within {expected.AlarmsWithin.TotalSeconds:F0} s of the break");
        }

        if (trace.ResumedAt is not { } resumed)
        {
            yield return "the heartbeat did not come back after the break";
        }
        else if (resumed - trace.RestoredAt > expected.ResumesWithin)
        {
            yield return Say($"the heartbeat came back {(resumed - trace.RestoredAt).TotalSeconds:F0} s after the break was undone > {expected.ResumesWithin.TotalSeconds:F0} s");
        }
    }

    private static string Since(TimeSpan instant, TimeSpan origin) =>
        (instant - origin).TotalSeconds.ToString("+0;-0", CultureInfo.InvariantCulture);

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
