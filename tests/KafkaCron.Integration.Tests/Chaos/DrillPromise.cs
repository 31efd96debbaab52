using System.Globalization;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// What chaos/README.md and the runbooks promise for one drill, as limits a <see cref="DrillCount"/> and the alerts
/// Alertmanager delivered are checked against. <see cref="Broken"/> names every promise not kept.
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

    public IReadOnlyList<string> Broken(DrillCount count, IEnumerable<DeliveredAlert> alerts, int deadLetters, int publishedWhileBroken)
    {
        var fired = alerts.Where(a => a.Status == "firing").Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var broken = new List<string>();
        if (count.Due == 0)
        {
            broken.Add("nothing was due: the drill observed no time");
        }

        if (count.Lost > MaxLost)
        {
            broken.Add(string.Create(CultureInfo.InvariantCulture, $"lost {count.Lost} > {MaxLost}"));
        }

        if (count.Duplicated > MaxDuplicated)
        {
            broken.Add(string.Create(CultureInfo.InvariantCulture, $"duplicated {count.Duplicated} > {MaxDuplicated}"));
        }

        if (count.LongestGap > MaxGap)
        {
            broken.Add(string.Create(CultureInfo.InvariantCulture, $"longest gap {count.LongestGap.TotalSeconds:F1} s > {MaxGap.TotalSeconds:F0} s"));
        }

        broken.AddRange(MustFire.Where(a => !fired.Contains(a)).Select(a => $"{a} did not fire"));
        broken.AddRange(MustNotFire.Where(fired.Contains).Select(a => $"{a} fired"));
        if (DeadLetters is { } expected && deadLetters != expected)
        {
            broken.Add(string.Create(CultureInfo.InvariantCulture, $"{deadLetters} dead letters, not {expected}"));
        }

        if (SilentWhileBroken && publishedWhileBroken > 0)
        {
            broken.Add(string.Create(CultureInfo.InvariantCulture, $"{publishedWhileBroken} fire(s) published while broken"));
        }

        return broken;
    }
}
