using System.Diagnostics;
using System.Globalization;
using System.Text;
using KafkaCron.Kafka.Mock;

namespace KafkaCron.BenchCompare;

/// <summary>
/// Runs one row for one candidate: a fresh mock cluster (3 brokers, the jobs topic with 8 partitions), the candidate
/// as a child process, the topic read online from its start. CPU and peak RSS are the candidate process's own.
/// </summary>
/// <remarks>
/// librdkafka's mock cluster keeps only the newest records of a partition (about 100,000): at 100,000 fires a second
/// a reader that falls a second behind loses records to it, which would count as missing. Eight partitions give
/// the reader a few seconds of slack; both candidates publish to the same layout.
/// </remarks>
internal static class Comparison
{
    public const string Cluster = "bench";
    private const int Partitions = 8;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DrainQuiet = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(90);

    public static async Task<RowResult> RunAsync(Candidate candidate, BenchRow row)
    {
        using var cluster = MockKafkaCluster.Start(3);
        var topic = "kcron.jobs." + Cluster;
        // The mock cluster's admin API creates no topics: every topic the scheduler checks at start is made here.
        foreach (var name in new[] { topic, "kcron.retry." + Cluster, "kcron.dead." + Cluster })
        {
            cluster.CreateTopic(name, Partitions, 3);
        }
        using var directory = new TemporaryDirectory();
        var start = candidate.KcronPath is { } kcron
            ? KafkaCronStart(row, cluster.BootstrapServers, kcron, directory.Path)
            : QuartzStart(row, cluster.BootstrapServers);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transcript = new StringBuilder();
        process.OutputDataReceived += (_, e) => OnLine(e.Data, ready, transcript);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, ready, transcript);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(ReadyTimeout);
            var now = TimeProvider.System.GetUtcNow();
            var windowStart = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero) + TimeSpan.FromSeconds(1) + row.Warmup;
            var windowEnd = windowStart + row.Window;
            var tally = new FireTally(windowStart, windowEnd);
            using var clients = ClientFactory.Create(cluster.BootstrapServers);
            using var reader = new TopicReader(clients, topic, Partitions, Cluster, tally);
            await Task.Delay(windowStart - TimeProvider.System.GetUtcNow());
            var before = ProcessSample.Of(process.Id);
            await Task.Delay(windowEnd - TimeProvider.System.GetUtcNow());
            var after = ProcessSample.Of(process.Id);
            var expected = Expected(row, windowStart, windowEnd);
            var drainUntil = TimeProvider.System.GetUtcNow() + DrainLimit;
            while (TimeProvider.System.GetUtcNow() < drainUntil && Count(tally) < expected && reader.Quiet < DrainQuiet)
            {
                await Task.Delay(250);
            }

            reader.Stop();
            return new RowResult(
                candidate, row, tally.LagMs(0.5), tally.LagMs(0.99), tally.LagMs(1),
                tally.CreatedInWindow / row.Window.TotalSeconds, tally.Early, tally.Duplicates, expected - tally.InWindow,
                after.PeakRssKiB / 1024.0, (after.Cpu - before.Cpu) / row.Window,
                tally.CreatedInWindow == 0 ? double.NaN : (after.Cpu - before.Cpu).TotalMicroseconds / tally.CreatedInWindow);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{candidate.Label} never became ready:\n{transcript}");
        }
        finally
        {
            if (!process.HasExited)
            {
                Kill(process.Id);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
    }

    private static int Count(FireTally tally)
    {
        lock (tally)
        {
            return tally.InWindow;
        }
    }

    private static int Expected(BenchRow row, DateTimeOffset from, DateTimeOffset to)
    {
        var total = 0;
        for (var instant = from; instant < to; instant += TimeSpan.FromSeconds(1))
        {
            total += row.DueAt(instant);
        }

        return total;
    }

    private static void OnLine(string? line, TaskCompletionSource ready, StringBuilder transcript)
    {
        if (line is null)
        {
            return;
        }

        lock (transcript)
        {
            if (transcript.Length < 20_000)
            {
                transcript.AppendLine(line);
            }
        }

        // KafkaCron's term start (event 2001), or the Quartz side's own line.
        if (line.Contains("Scheduling ", StringComparison.Ordinal) || line == "ready")
        {
            ready.TrySetResult();
        }
    }

    private static ProcessStartInfo KafkaCronStart(BenchRow row, string bootstrap, string kcron, string directory)
    {
        var jobs = Path.Combine(directory, "jobs.yaml");
        var yaml = new StringBuilder().Append(CultureInfo.InvariantCulture, $"clusters: [{Cluster}]\njobs:\n");
        for (var i = 0; i < row.Jobs; i++)
        {
            var second = row.SecondOf(i)?.ToString(CultureInfo.InvariantCulture) ?? "*";
            yaml.Append(CultureInfo.InvariantCulture, $"  - {{ name: job-{i}, schedule: \"{second} * * * * *\", cluster: {Cluster}, command: \"true\" }}\n");
        }

        File.WriteAllText(jobs, yaml.ToString());
        var start = new ProcessStartInfo(kcron) { ArgumentList = { "scheduler", "--jobs", jobs } };
        start.Environment["KCRON_KAFKA__BOOTSTRAPSERVERS"] = bootstrap;
        start.Environment["KCRON_KAFKA__PARTITIONS"] = Partitions.ToString(CultureInfo.InvariantCulture);
        start.Environment["KCRON_TELEMETRY__METRICSPORT"] = "0";
        start.Environment["KCRON_SCHEDULER__CANARYENABLED"] = "false";
        return start;
    }

    private static ProcessStartInfo QuartzStart(BenchRow row, string bootstrap) =>
        new(Environment.ProcessPath!)
        {
            ArgumentList =
            {
                "quartz", bootstrap, row.Jobs.ToString(CultureInfo.InvariantCulture), row.SpreadOverMinute ? "spread" : "every-second",
            },
        };

    private static void Kill(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
