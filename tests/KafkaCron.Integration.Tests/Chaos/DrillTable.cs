using System.Globalization;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>The table `make chaos` prints and keeps in artifacts/chaos.md: one row per drill, appended as each ends.</summary>
internal static class DrillTable
{
    public const string Header =
        "| drill | breaks | due | published | run | lost | duplicated | longest gap | latest start | alerts (s after the break began) | promise | kept |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n";

    public static string Path => Environment.GetEnvironmentVariable("KCRON_CHAOS_TABLE") ?? RepositoryPaths.Of("artifacts", "chaos.md");

    public static string Row(Drill drill, DrillCount count, IEnumerable<DeliveredAlert> alerts, TimeSpan brokeAt, IReadOnlyList<string> broken)
    {
        var delivered = alerts.Where(a => a.Name != "Watchdog" && a.ReceivedAt >= brokeAt - TimeSpan.FromSeconds(5))
            .GroupBy(a => a.Name, StringComparer.Ordinal)
            .Select(g => g.Key + " " + string.Join("/", g.GroupBy(a => a.Status, StringComparer.Ordinal)
                .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {(s.Min(a => a.ReceivedAt) - brokeAt).TotalSeconds:+0;-0}"))))
            .ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {drill.Name} | {drill.Breaks} | {count.Due} | {count.Published} | {count.Run} | {count.Lost} | {count.Duplicated} | {count.LongestGap.TotalSeconds:F1} s | {count.LatestStart.TotalSeconds:F1} s | {(delivered.Count == 0 ? "none" : string.Join("; ", delivered))} | {drill.Promise.Text} | {(broken.Count == 0 ? "yes" : "NO: " + string.Join("; ", broken))} |\n");
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
}
