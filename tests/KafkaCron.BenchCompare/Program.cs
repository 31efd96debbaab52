using System.Globalization;
using KafkaCron.BenchCompare;

// make bench-compare: KafkaCron's scheduler and Quartz.NET side by side on librdkafka's mock cluster (docs/benchmarks.md).
//   KafkaCron.BenchCompare [rows...] [--kcron LABEL=PATH]...
//       rows: 1k, 10k, 100k, 100k-spread (default: all four)
//       --kcron: the kcron executables to measure, each under its label (default: KafkaCron=bin/kcron of this
//                checkout); give two to compare a build with an earlier one in the same run
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
var root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "Pipeline.sln")))
{
    root = Path.GetDirectoryName(root.TrimEnd('/')) ?? throw new InvalidOperationException("not inside the repository");
}

var chosen = new List<string>();
var schedulers = new List<Candidate>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] != "--kcron")
    {
        chosen.Add(args[i]);
    }
    else if (i + 1 < args.Length && args[++i].Split('=', 2) is [{ Length: > 0 } label, { Length: > 0 } path] && File.Exists(path))
    {
        schedulers.Add(new Candidate(label, Path.GetFullPath(path)));
    }
    else
    {
        await Console.Error.WriteLineAsync($"--kcron wants LABEL=PATH naming an existing kcron executable, not {(i < args.Length ? args[i] : "nothing")}");
        return 2;
    }
}

var unknown = chosen.Where(name => !rows.ContainsKey(name)).ToList();
if (unknown.Count > 0)
{
    await Console.Error.WriteLineAsync($"unknown row(s) {string.Join(", ", unknown)}; rows: {string.Join(", ", rows.Keys)}");
    return 2;
}

if (schedulers.Count == 0)
{
    schedulers.Add(new Candidate("KafkaCron", Path.Combine(root, "bin", "kcron")));
}

await Console.Out.WriteLineAsync(RowResult.Header);
foreach (var name in chosen.Count == 0 ? [.. rows.Keys] : chosen)
{
    foreach (var candidate in schedulers.Append(Candidate.Quartz))
    {
        var result = await Comparison.RunAsync(candidate, rows[name]);
        await Console.Out.WriteLineAsync(result.Line);
    }
}

return 0;
