using System.Globalization;
using KafkaCron.BenchCompare;

// make bench-compare: KafkaCron's scheduler and Quartz.NET side by side on librdkafka's mock cluster (docs/benchmarks.md).
//   KafkaCron.BenchCompare [rows...]      rows: 1k, 10k, 100k, 100k-spread (default: all four)
//   KafkaCron.BenchCompare quartz <bootstrap> <jobs> every-second|spread    (the Quartz child process)
if (args is ["quartz", var bootstrap, var jobs, var mode])
{
    return await QuartzCandidate.RunAsync(bootstrap, Comparison.Cluster,
        new BenchRow(int.Parse(jobs, CultureInfo.InvariantCulture), mode == "spread", TimeSpan.Zero, TimeSpan.Zero));
}

var rows = new Dictionary<string, BenchRow>(StringComparer.Ordinal)
{
    ["1k"] = new(1_000, false, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)),
    ["10k"] = new(10_000, false, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)),
    ["100k"] = new(100_000, false, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)),
    ["100k-spread"] = new(100_000, true, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60)),
};
var chosen = args.Length == 0 ? [.. rows.Keys] : args;
var unknown = chosen.Where(name => !rows.ContainsKey(name)).ToList();
if (unknown.Count > 0)
{
    await Console.Error.WriteLineAsync($"unknown row(s) {string.Join(", ", unknown)}; rows: {string.Join(", ", rows.Keys)}");
    return 2;
}

var root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "Pipeline.sln")))
{
    root = Path.GetDirectoryName(root.TrimEnd('/')) ?? throw new InvalidOperationException("not inside the repository");
}

await Console.Out.WriteLineAsync(RowResult.Header);
foreach (var name in chosen)
{
    foreach (var candidate in new[] { "kafkacron", "quartz" })
    {
        var result = await Comparison.RunAsync(candidate, rows[name], root);
        await Console.Out.WriteLineAsync(result.Line);
    }
}

return 0;
