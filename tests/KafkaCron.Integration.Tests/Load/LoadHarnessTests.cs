using System.Globalization;
using System.Text;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Integration.Tests.EndToEnd;
using KafkaCron.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.Load;

/// <summary>
/// The load harness (<c>make load</c>; <c>make test</c> leaves it out by its <c>Category=Load</c> trait): <c>kcron broker</c>, a scheduler and
/// workers as processes running <c>sleep</c> jobs, in three scenarios. Prints a table (and writes it to
/// <c>artifacts/load.md</c>): start delay per class of job, how long a burst takes to drain, and each worker's peak
/// resident memory (VmHWM from /proc). docs/load.md holds a measured run.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LoadHarnessTests(ITestOutputHelper output)
{
    private const string Cluster = "load";
    /// <summary>How long the burst is watched at most; a burst that has not drained by then is reported as lagging.</summary>
    private static readonly TimeSpan BurstWatch = TimeSpan.FromMinutes(3);

    [Fact]
    [Trait("Category", "Load")]
    public async Task Load_Scenarios_PrintTheTable()
    {
        var table = new StringBuilder();
        table.AppendLine("| scenario | class | runs | start delay p50 | p99 | max | drain | worker VmHWM |");
        table.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        await ManyShortJobsAsync(table, 10);
        await ManyShortJobsAsync(table, 200);
        await LongAmongShortAsync(table);
        await BurstAsync(table);
        output.WriteLine(table.ToString());
        var artifacts = Path.Combine(Cli.Kcron.RepositoryRoot, "artifacts");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "load.md"), table.ToString());
    }

    /// <summary><paramref name="jobs"/> jobs every second on 2 workers × 4 slots for 20 s.</summary>
    private async Task ManyShortJobsAsync(StringBuilder table, int jobs)
    {
        await using var stack = await KcronStack.StartAsync(4, Cluster);
        var log = new StartLog(stack.Directory);
        stack.WriteJobFile(JobFile(Enumerable.Range(1, jobs).Select(i => ($"short-{i}", "@every 1s", log.Command("sleep 0.05")))));
        var workers = await StartWorkersAsync(stack, 2, 4);
        var scheduler = stack.StartScheduler();
        await Task.Delay(TimeSpan.FromSeconds(20));
        await StopAsync(scheduler);
        var memory = Memory(workers);
        Row(table, $"{jobs} jobs @every 1s, 2 workers × 4", "short (50 ms)", Delays(stack, log, _ => true), "-", memory);
    }

    /// <summary>4 long jobs (60 s, standing for an hour) and 10 short ones every second, on 2 workers × 4 slots.</summary>
    private async Task LongAmongShortAsync(StringBuilder table)
    {
        await using var stack = await KcronStack.StartAsync(4, Cluster);
        var log = new StartLog(stack.Directory);
        var workers = await StartWorkersAsync(stack, 2, 4);
        // Once a minute, at a second 15 s from now: inside the 40 s window whenever it starts. (@every 60s fires on
        // whole minutes only, and a 40 s window need not hold one: the "long" row came out empty.)
        var longSchedule = $"{(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15)).Second} * * * * *";
        var jobs = Enumerable.Range(1, 4).Select(i => ($"long-{i}", longSchedule, log.Command("sleep 60")))
            .Concat(Enumerable.Range(1, 10).Select(i => ($"short-{i}", "@every 1s", log.Command("sleep 0.05"))));
        stack.WriteJobFile(JobFile(jobs));
        var scheduler = stack.StartScheduler();
        await Task.Delay(TimeSpan.FromSeconds(40));
        await StopAsync(scheduler);
        var memory = Memory(workers);
        Row(table, "4 × 60 s jobs + 10 jobs @every 1s, 2 workers × 4", "short while long run", Delays(stack, log, j => j.StartsWith("short", StringComparison.Ordinal)), "-", memory);
        Row(table, string.Empty, "long", Delays(stack, log, j => j.StartsWith("long", StringComparison.Ordinal)), "-", string.Empty);
    }

    /// <summary>10,000 fires of the same second, produced at once, on 2 workers × 8 slots.</summary>
    private async Task BurstAsync(StringBuilder table)
    {
        const int Burst = 10_000;
        await using var stack = await KcronStack.StartAsync(4, Cluster);
        var log = new StartLog(stack.Directory);
        var workers = await StartWorkersAsync(stack, 2, 8);
        var now = DateTimeOffset.UtcNow;
        var command = log.Command("true");
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = stack.BootstrapServers, LingerMs = 5 }).Build())
        {
            for (var i = 0; i < Burst; i++)
            {
                var fire = new FireMessage
                {
                    FireId = Guid.NewGuid().ToString(),
                    // Distinct jobs: two fires of one job at one instant are one fire to the duplicate filter.
                    Job = $"burst-{i}",
                    Cluster = Cluster,
                    Command = command,
                    ScheduledAt = now,
                    PublishedAt = now,
                };
                producer.Produce($"kcron.jobs.{Cluster}", new Message<string, byte[]> { Key = fire.Job, Value = FireMessageCodec.Encode(fire) });
            }

            producer.Flush(TimeSpan.FromSeconds(60));
        }

        // Saturation is the point: the harness watches for a bounded time and reports how far the workers got.
        var deadline = DateTimeOffset.UtcNow + BurstWatch;
        var lagSamples = new List<string>();
        var nextSample = TimeSpan.FromSeconds(5);
        while (log.Count() < Burst && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            if (DateTimeOffset.UtcNow - now >= nextSample)
            {
                lagSamples.Add(FormattableString.Invariant($"{nextSample.TotalSeconds:F0}s:{Burst - log.Count()}"));
                nextSample += TimeSpan.FromSeconds(5);
            }
        }

        var elapsed = DateTimeOffset.UtcNow - now;
        var started = log.Count();
        output.WriteLine("burst lag (not yet started) over time: " + string.Join(" ", lagSamples));
        Row(table, "burst: 10,000 fires at one second, 2 workers × 8", "burst", log.Delays(_ => true, _ => now),
            started >= Burst
                ? $"{elapsed.TotalSeconds:F0} s ({Burst / elapsed.TotalSeconds:F0}/s)"
                : $"{started} started in {elapsed.TotalSeconds:F0} s ({started / elapsed.TotalSeconds:F0}/s); {Burst - started} still lagging",
            Memory(workers));
    }

    private static async Task<IReadOnlyList<KcronProcess>> StartWorkersAsync(KcronStack stack, int count, int slots)
    {
        var workers = Enumerable.Range(1, count)
            .Select(i => stack.StartWorker(Cluster, $"w{i}", (int?)null, "--concurrency", slots.ToString(CultureInfo.InvariantCulture)))
            .ToList();
        // Every worker owns partitions: the group has settled. A worker's first "Assigned" line can be an empty
        // assignment, and fires due before the rebalance that follows waited for it (start delays of ~4 s in the rows).
        foreach (var worker in workers)
        {
            await worker.WaitForLineAsync("Assigned kcron.jobs.", TimeSpan.FromSeconds(60));
        }

        return workers;
    }

    private static async Task StopAsync(KcronProcess scheduler)
    {
        scheduler.Signal(PosixSignalNumber.Terminate);
        await scheduler.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    private static List<double> Delays(KcronStack stack, StartLog log, Func<string, bool> jobs)
    {
        var scheduled = TopicReader.ReadFires(stack.BootstrapServers, $"kcron.jobs.{Cluster}", Cluster, TimeSpan.FromSeconds(60))
            .ToDictionary(f => f.FireId, f => f.ScheduledAt);
        return log.Delays(jobs, fireId => scheduled.GetValueOrDefault(fireId, DateTimeOffset.MaxValue));
    }

    private void Row(StringBuilder table, string scenario, string kind, List<double> delays, string drain, string memory)
    {
        delays.Sort();
        string At(double q) => delays.Count == 0 ? "-" : $"{delays[Math.Min(delays.Count - 1, (int)(delays.Count * q))]:F0} ms";
        var row = $"| {scenario} | {kind} | {delays.Count} | {At(0.5)} | {At(0.99)} | {(delays.Count == 0 ? "-" : $"{delays[^1]:F0} ms")} | {drain} | {memory} |";
        table.AppendLine(row);
        output.WriteLine(row);
    }

    private static string Memory(IEnumerable<KcronProcess> workers) =>
        string.Join(", ", workers.Select(w => $"{VmKiB(w.Pid, "VmHWM") / 1024} MiB"));

    private static long VmKiB(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string JobFile(IEnumerable<(string Name, string Schedule, string Command)> jobs)
    {
        var yaml = new StringBuilder($"clusters: [{Cluster}]\ndefaults: {{ retry: {{ maxAttempts: 1 }} }}\njobs:\n");
        foreach (var (name, schedule, command) in jobs)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n    schedule: \"{schedule}\"\n    cluster: {Cluster}\n    command: \"{command.Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n");
        }

        return yaml.ToString();
    }

    /// <summary>One line per run start: job, fire id, the job's clock in Unix ms.</summary>
    private sealed class StartLog(string directory)
    {
        private readonly string _path = Path.Combine(directory, "starts.log");

        public string Command(string body) => $"printf '%s %s %s\\n' \"$KCRON_JOB\" \"$KCRON_FIRE_ID\" \"$(date +%s%3N)\" >> '{_path}'; {body}";

        public int Count() => File.Exists(_path) ? File.ReadLines(_path).Count() : 0;

        public List<double> Delays(Func<string, bool> jobs, Func<string, DateTimeOffset> scheduledAt) =>
            File.ReadLines(_path)
                .Select(l => l.Split(' '))
                .Where(p => p.Length == 3 && jobs(p[0]))
                .Select(p => (DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(p[2], CultureInfo.InvariantCulture)) - scheduledAt(p[1])).TotalMilliseconds)
                .Where(d => d > -60_000)
                .ToList();
    }
}
