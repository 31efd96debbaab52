using System.Globalization;
using KafkaCron.BenchCompare;
using KafkaCron.ZooKeeper.Tests.Fixtures;

// make bench-compare: KafkaCron's scheduler and Quartz.NET side by side on librdkafka's mock cluster, with the floor a
// bare producer reaches on the same machine (docs/benchmarks.md).
//   KafkaCron.BenchCompare [rows...] [--kcron LABEL=PATH]... [--glibc]
//       rows: 1k, 10k, 100k, 100k-spread, 100k-elected (default: all; 100k-elected runs the scheduler as an elected
//             replica against a real ZooKeeper, KafkaCron only)
//       --kcron: the kcron executables to measure, each under its label (default: KafkaCron=bin/kcron of this
//                checkout); give two to compare a build with an earlier one in the same run
//       --glibc: every candidate on glibc's allocator (default: jemalloc as the scheduler is deployed, when installed)
//   KafkaCron.BenchCompare quartz|bare|bare-2 <bootstrap> <jobs> every-second|spread    (a child process: Quartz, the bare producer in one or two threads)
if (args is [("quartz" or "bare" or "bare-2") and var child, var bootstrap, var jobs, var mode])
{
    var childRow = new BenchRow(int.Parse(jobs, CultureInfo.InvariantCulture), mode == "spread", TimeSpan.Zero, TimeSpan.Zero);
    return child == "quartz"
        ? await QuartzCandidate.RunAsync(bootstrap, Comparison.Cluster, childRow)
        : await BareProducerCandidate.RunAsync(bootstrap, Comparison.Cluster, childRow, threads: child == "bare" ? 1 : 2);
}

var rows = new Dictionary<string, BenchRow>(StringComparer.Ordinal)
{
    ["1k"] = new(1_000, false, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)),
    ["10k"] = new(10_000, false, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)),
    ["100k"] = new(100_000, false, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)),
    ["100k-spread"] = new(100_000, true, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60)),
    ["100k-elected"] = new(100_000, false, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), Elected: true),
};
var root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "Pipeline.sln")))
{
    root = Path.GetDirectoryName(root.TrimEnd('/')) ?? throw new InvalidOperationException("not inside the repository");
}

var chosen = new List<string>();
var schedulers = new List<Candidate>();
var allocator = CandidateAllocator.Deployed();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--glibc")
    {
        allocator = CandidateAllocator.Glibc;
    }
    else if (args[i] != "--kcron")
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

List<string> selected = chosen.Count == 0 ? [.. rows.Keys] : chosen;
if (selected.Any(name => rows[name].Elected) && ZooKeeperServerProcess.UnavailableReason is { } noZooKeeper)
{
    await Console.Error.WriteLineAsync($"the elected row needs ZooKeeper: {noZooKeeper}");
    return 2;
}

if (schedulers.Count == 0)
{
    schedulers.Add(new Candidate("KafkaCron", Path.Combine(root, "bin", "kcron")));
}

await Console.Out.WriteLineAsync($"Every candidate's allocator: {allocator.Name}");
await Console.Out.WriteLineAsync();
await Console.Out.WriteLineAsync(RowResult.Header);
var notes = new List<string>();
foreach (var name in selected)
{
    foreach (var candidate in rows[name].Elected ? schedulers : schedulers.Append(Candidate.Quartz).Append(Candidate.BareProducer).Append(Candidate.BareProducerTwoThreads))
    {
        var result = await Comparison.RunAsync(candidate, rows[name], allocator);
        await Console.Out.WriteLineAsync(result.Line);
        if (result.Note is { } note)
        {
            notes.Add(note);
        }
    }
}

foreach (var note in notes)
{
    await Console.Out.WriteLineAsync(note);
}

return 0;
