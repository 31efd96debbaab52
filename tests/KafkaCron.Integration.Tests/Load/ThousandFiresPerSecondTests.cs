using System.Diagnostics;
using System.Globalization;
using System.Text;
using KafkaCron.Integration.Tests.EndToEnd;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Worker.Execution;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.Load;

/// <summary>
/// End to end at 1,000 fires/s (<c>make load-1000</c>; <c>make load</c> runs it too): <c>kcron broker</c>, a
/// scheduler and 2 workers × 8 slots as processes, 1,000 jobs <c>@every 1s</c> for a 30 s window. Each job notes when
/// its first instruction ran, with shell builtins only (the boot clock from /proc/uptime, 10 ms steps), so the
/// measurement forks nothing beside the job. Prints a table (also written to <c>artifacts/load-1000.md</c>): runs
/// started per second within the window, start delay p50/p99/max of the fires due after a 5 s warm-up, fires never
/// started, CPU of each program, and beside them the physical limits measured in the same run: the machine's rate of
/// <c>sh -c true</c> spawns (16 at a time, no Kafka), its CPUs and its load.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ThousandFiresPerSecondTests(ITestOutputHelper output)
{
    private const string Cluster = "load";
    private const int Jobs = 1000;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(15);

    [Fact]
    [Trait("Category", "Load")]
    public async Task Load_ThousandJobsEverySecondOnTwoWorkers_PrintsTheTable()
    {
        var spawnLimit = await SpawnRateAsync(runs: 3000, concurrency: 16);
        await using var stack = await KcronStack.StartAsync(4, Cluster);
        var startLog = Path.Combine(stack.Directory, "starts.log");
        stack.WriteJobFile(JobFile(startLog));
        var workers = new[] { 1, 2 }.Select(i => stack.StartWorker(Cluster, $"w{i}", (int?)null, "--concurrency", "8")).ToList();
        foreach (var worker in workers)
        {
            // Each owns partitions (the group has settled); a first "Assigned" line can be an empty assignment.
            await worker.WaitForLineAsync("Assigned kcron.jobs.", TimeSpan.FromSeconds(60));
        }

        var machineBefore = MachineCpu.Read();
        var cpuBefore = workers.Select(p => ProcessCpuSeconds(p.Pid)).ToList();
        var brokerBefore = ProcessCpuSeconds(stack.Broker!.Process.Pid);
        var scheduler = stack.StartScheduler();
        var windowStart = DateTimeOffset.UtcNow;
        await Task.Delay(Window);
        var windowEnd = DateTimeOffset.UtcNow;
        var cpuWindow = (windowEnd - windowStart).TotalSeconds;
        var machine = MachineCpu.Read().BusyShareSince(machineBefore);
        var cpu = workers.Select((p, i) => (ProcessCpuSeconds(p.Pid) - cpuBefore[i]) / cpuWindow).ToList();
        var schedulerCpu = ProcessCpuSeconds(scheduler.Pid) / cpuWindow;
        var brokerCpu = (ProcessCpuSeconds(stack.Broker.Process.Pid) - brokerBefore) / cpuWindow;
        scheduler.Signal(PosixSignalNumber.Terminate);
        await scheduler.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var fires = TopicReader.ReadFiresWithoutCanary(stack.BootstrapServers, $"kcron.jobs.{Cluster}", Cluster, TimeSpan.FromSeconds(60));
        var counted = fires.Where(f => f.ScheduledAt >= windowStart + WarmUp).ToDictionary(f => f.FireId, f => f.ScheduledAt);
        // Let the fires of the window's last second start (or show as lagging), then read the starts.
        var drainUntil = DateTimeOffset.UtcNow + Drain;
        var starts = new Dictionary<string, DateTimeOffset>();
        while (DateTimeOffset.UtcNow < drainUntil)
        {
            starts = ReadStarts(startLog);
            if (counted.Keys.All(starts.ContainsKey))
            {
                break;
            }

            await Task.Delay(500);
        }

        var delays = counted.Where(f => starts.ContainsKey(f.Key)).Select(f => (starts[f.Key] - f.Value).TotalMilliseconds).Order().ToList();
        var notStarted = counted.Count - delays.Count;
        var runsPerSecond = starts.Values.Count(at => at >= windowStart && at < windowEnd) / (windowEnd - windowStart).TotalSeconds;
        string At(double q) => delays.Count == 0 ? "-" : $"{delays[Math.Min(delays.Count - 1, (int)(delays.Count * q))]:F0} ms";

        var table = new StringBuilder();
        table.AppendLine("| scenario | fires due after warm-up | started | runs/s | start delay p50 | p99 | max | never started | CPU: workers, scheduler, broker | machine |");
        table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| 1,000 jobs @every 1s, 2 workers × 8, {Window.TotalSeconds:F0} s | {counted.Count} | {delays.Count} | {runsPerSecond:F0} | {At(0.5)} | {At(0.99)} | " +
            $"{(delays.Count == 0 ? "-" : $"{delays[^1]:F0} ms")} | {notStarted} | " +
            $"{string.Join(" + ", cpu.Select(c => $"{c * 100:F0}%"))}, {schedulerCpu * 100:F0}%, {brokerCpu * 100:F0}% | " +
            $"{Environment.ProcessorCount} CPUs {machine * 100:F0}% busy, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; spawn limit {spawnLimit:F0}/s |");
        output.WriteLine(table.ToString());
        var artifacts = Path.Combine(Cli.Kcron.RepositoryRoot, "artifacts");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "load-1000.md"), table.ToString());
    }

    /// <summary>The machine's rate of <c>sh -c true</c> through the worker's own spawner: the ceiling of any worker here.</summary>
    private static async Task<double> SpawnRateAsync(int runs, int concurrency)
    {
        var spawner = new ChildSpawner([KeyValuePair.Create("PATH", "/usr/bin:/bin")], ChildWatcher.Shared);
        var left = runs;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
            {
                Assert.True(spawner.TrySpawn("/bin/sh", ["/bin/sh", "-c", "true"], new Dictionary<string, string>(), null, 1024, out var child, out var error), error);
                await Task.WhenAll(child!.Exited, child.OutputClosed);
            }
        }));
        return runs / clock.Elapsed.TotalSeconds;
    }

    private static string JobFile(string startLog)
    {
        // read/printf are dash builtins: the note of the start costs no process of its own.
        var command = $"read up _ < /proc/uptime; printf '%s %s\\\\n' \\\"$KCRON_FIRE_ID\\\" \\\"$up\\\" >> '{startLog}'";
        var yaml = new StringBuilder($"clusters: [{Cluster}]\ndefaults: {{ retry: {{ maxAttempts: 1 }} }}\njobs:\n");
        for (var i = 1; i <= Jobs; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: every-second-{i}\n    schedule: \"@every 1s\"\n    cluster: {Cluster}\n    command: \"{command}\"\n");
        }

        return yaml.ToString();
    }

    /// <summary>Fire id → wall-clock start, from the boot-clock seconds the jobs wrote.</summary>
    private static Dictionary<string, DateTimeOffset> ReadStarts(string startLog)
    {
        var boot = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(Uptime());
        var starts = new Dictionary<string, DateTimeOffset>();
        if (!File.Exists(startLog))
        {
            return starts;
        }

        foreach (var line in File.ReadLines(startLog))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                starts[parts[0]] = boot + TimeSpan.FromSeconds(seconds);
            }
        }

        return starts;
    }

    private static double Uptime() =>
        double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>User + system CPU seconds of a process (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s).</summary>
    private static double ProcessCpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>The machine's busy and total CPU time from the first line of /proc/stat.</summary>
    private readonly record struct MachineCpu(long Busy, long Total)
    {
        public static MachineCpu Read()
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + fields[4];
            return new MachineCpu(fields.Sum() - idle, fields.Sum());
        }

        public double BusyShareSince(MachineCpu before) => (double)(Busy - before.Busy) / Math.Max(1, Total - before.Total);
    }
}
