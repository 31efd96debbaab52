using System.Globalization;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>The table `make chaos` prints and keeps in artifacts/chaos.md: one row per drill, appended as each ends.</summary>
internal static class DrillTable
{
    public const string Header =
        "| drill | breaks | due | published | run | lost | duplicated | longest gap | latest start | alerts (s after the break began) | also observed | promise | kept |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";

    public static string Path => Environment.GetEnvironmentVariable("KCRON_CHAOS_TABLE") ?? RepositoryPaths.Of("artifacts", "chaos.md");

    public static string Row(Drill drill, DrillObservation observed, ChaosStackTraits stack, IEnumerable<DeliveredAlert> alerts, TimeSpan brokeAt, IReadOnlyList<string> broken)
    {
        var count = observed.Count;
        var delivered = alerts.Where(a => a.Name != "Watchdog" && a.ReceivedAt >= brokeAt - TimeSpan.FromSeconds(5))
            .GroupBy(a => a.Name, StringComparer.Ordinal)
            .Select(g => g.Key + " " + string.Join("/", g.GroupBy(a => a.Status, StringComparer.Ordinal)
                .Select(s => Invariant($"{s.Key} {(s.Min(a => a.ReceivedAt) - brokeAt).TotalSeconds:+0;-0}"))))
            .ToList();
        return Invariant(
            $"| {drill.Name} | {drill.Breaks} | {count.Due} | {count.Published} | {count.Run} | {count.Lost} | {count.Duplicated} | {count.LongestGap.TotalSeconds:F1} s | {count.LatestStart.TotalSeconds:F1} s | {(delivered.Count == 0 ? "none" : string.Join("; ", delivered))} | {AlsoObserved(observed, stack)} | {drill.Promise.Text} | {(broken.Count == 0 ? "yes" : "NO: " + string.Join("; ", broken))} |\n");
    }

    public static void Append(string row)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        if (!File.Exists(Path))
        {
            File.WriteAllText(Path, Header);
        }

        File.AppendAllText(Path, row);
    }

    /// <summary>The workers' load (when read) and what the dead man's switch saw.</summary>
    private static string AlsoObserved(DrillObservation observed, ChaosStackTraits stack)
    {
        var parts = new List<string>();
        if (observed.Load is { } load)
        {
            parts.Add(Invariant($"a worker held at most {load.PeakHeld} fires (capacity {stack.WorkerPipelineCapacity}), partition lag up to {load.PeakLag}, working set {load.WorkingSetBeforeMiB:F0} → {load.PeakWorkingSetMiB:F0} MiB"));
        }

        parts.Add(observed.Heartbeat switch
        {
            null => "dead man's switch not observed",
            { AlarmedAt: null } => "heartbeat steady",
            var trace => Invariant($"dead man's switch alarmed {(trace.AlarmedAt!.Value - trace.BrokeAt).TotalSeconds:+0;-0} s, heartbeat back {(trace.ResumedAt is { } back ? Invariant($"{(back - trace.RestoredAt).TotalSeconds:F0} s after the restart") : "never")}"),
        });
        return string.Join("; ", parts);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
