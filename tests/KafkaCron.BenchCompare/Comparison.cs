using System.Diagnostics;
using System.Globalization;
using System.Text;
using KafkaCron.Kafka.Mock;
using KafkaCron.ZooKeeper.Tests.Fixtures;

namespace KafkaCron.BenchCompare;

/// <summary>
/// Runs one row for one candidate: a fresh mock cluster (3 brokers, the jobs topic with 32 partitions), the candidate
/// as a child process on the given allocator, the topic read online from its start. CPU and peak RSS are the
/// candidate process's own.
/// </summary>
/// <remarks>
/// librdkafka's mock cluster keeps only the newest 5 MB of a partition (about 12,000 fires): at 100,000 fires a second
/// with 8 partitions that is one second, and a reader that fell behind lost records to it, which counted as missing.
/// 32 partitions keep about 4 s; the reader counts what it lost anyway ("reader lost"). Both candidates publish to
/// the same layout.
/// </remarks>
internal static class Comparison
{
    public const string Cluster = "bench";
    private const int Partitions = 32;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DrainQuiet = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(90);

    public static async Task<RowResult> RunAsync(Candidate candidate, BenchRow row, CandidateAllocator allocator)
    {
        using var cluster = MockKafkaCluster.Start(3);
        var topic = "kcron.jobs." + Cluster;
        // The mock cluster's admin API creates no topics: every topic the scheduler checks at start is made here.
        foreach (var name in new[] { topic, "kcron.retry." + Cluster, "kcron.dead." + Cluster, "kcron.runs." + Cluster })
        {
            cluster.CreateTopic(name, Partitions, 3);
        }

        cluster.CreateTopic("kcron.control", 1, 3);
        using var directory = new TemporaryDirectory();
        await using var zooKeeper = row.Elected ? await StartZooKeeperAsync() : null;
        var start = candidate.KcronPath is { } kcron
            ? KafkaCronStart(row, cluster.BootstrapServers, kcron, directory.Path, zooKeeper?.ConnectionString)
            : ChildStart(candidate.ChildMode!, row, cluster.BootstrapServers);
        foreach (var (name, value) in allocator.Environment)
        {
            start.Environment[name] = value;
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transcript = new Transcript();
        process.OutputDataReceived += (_, e) => OnLine(e.Data, ready, transcript);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, ready, transcript);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // A candidate that exits at start (a bad setting) says why at once rather than after the timeout.
            await Task.WhenAny(ready.Task, process.WaitForExitAsync()).WaitAsync(ReadyTimeout);
            if (!ready.Task.IsCompleted)
            {
                throw new TimeoutException();
            }

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
                tally.CreatedInWindow / row.Window.TotalSeconds, tally.Early, tally.Duplicates, expected - tally.InWindow, reader.Lost,
                after.PeakRssKiB / 1024.0, (after.Cpu - before.Cpu) / row.Window,
                tally.CreatedInWindow == 0 ? double.NaN : (after.Cpu - before.Cpu).TotalMicroseconds / tally.CreatedInWindow)
            {
                Note = row.Elected ? $"{candidate.Label}, elected: {transcript.CheckpointsNotWritten} checkpoint writes failed or skipped (events 2208, 2212)" : null,
            };
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

    private static async Task<ZooKeeperServerProcess> StartZooKeeperAsync()
    {
        var server = ZooKeeperServerProcess.Standalone();
        server.Start();
        await server.WaitUntilServingAsync(TimeSpan.FromSeconds(30));
        return server;
    }

    private static void OnLine(string? line, TaskCompletionSource ready, Transcript transcript)
    {
        if (line is null)
        {
            return;
        }

        transcript.Add(line);

        // KafkaCron's term start (event 2001), or a child mode's own line.
        if (line.Contains("Scheduling ", StringComparison.Ordinal) || line == "ready")
        {
            ready.TrySetResult();
        }
    }

    private static ProcessStartInfo KafkaCronStart(BenchRow row, string bootstrap, string kcron, string directory, string? zooKeeper)
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
        if (zooKeeper is not null)
        {
            foreach (var argument in new[] { "--zookeeper", zooKeeper, "--replica-id", "bench", "--deployment-id", "bench" })
            {
                start.ArgumentList.Add(argument);
            }

            // The same idempotent producer as the other rows: the mock cluster cannot fence a transactional one.
            start.Environment["KCRON_SCHEDULER__TRANSACTIONALPRODUCER"] = "false";
        }

        start.Environment["KCRON_KAFKA__BOOTSTRAPSERVERS"] = bootstrap;
        start.Environment["KCRON_KAFKA__PARTITIONS"] = Partitions.ToString(CultureInfo.InvariantCulture);
        start.Environment["KCRON_TELEMETRY__METRICSPORT"] = "0";
        start.Environment["KCRON_SCHEDULER__CANARYENABLED"] = "false";
        return start;
    }

    private static ProcessStartInfo ChildStart(string mode, BenchRow row, string bootstrap) =>
        new(Environment.ProcessPath!)
        {
            ArgumentList =
            {
                mode, bootstrap, row.Jobs.ToString(CultureInfo.InvariantCulture), row.SpreadOverMinute ? "spread" : "every-second",
            },
        };

    /// <summary>The candidate's output: the first 20,000 characters kept for an error, checkpoint failures counted.</summary>
    private sealed class Transcript
    {
        private readonly StringBuilder _text = new();
        private int _checkpointsNotWritten;

        public int CheckpointsNotWritten => Volatile.Read(ref _checkpointsNotWritten);

        public void Add(string line)
        {
            if (line.Contains("[2208]", StringComparison.Ordinal) || line.Contains("[2212]", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _checkpointsNotWritten);
            }

            lock (_text)
            {
                if (_text.Length < 20_000)
                {
                    _text.AppendLine(line);
                }
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    private static void Kill(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
