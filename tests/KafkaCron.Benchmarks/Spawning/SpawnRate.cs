using System.Diagnostics;
using System.Globalization;
using KafkaCron.Worker;
using KafkaCron.Worker.Execution;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.Benchmarks.Spawning;

/// <summary>
/// <c>spawn-rate RUNS CONCURRENCY</c>: how many short processes per second this machine starts and reaps, CONCURRENCY
/// at a time, by four routes side by side in one process: .NET's <c>Process.Start</c> bare and with its output
/// redirected, the worker's <see cref="ChildSpawner"/> (posix_spawn, pipes, pidfd) and the worker's whole
/// <see cref="ProcessJobRunner"/> running the command <c>true</c> (through /bin/sh, as a job's <c>command</c> runs).
/// Rounds alternate the routes so drift on a shared machine touches them all. Prints one line per route and round:
/// <c>route runs/s</c>. tests/load/worker-throughput.sh --compare uses it for docs/load.md's table.
/// </summary>
internal static class SpawnRate
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 3
            || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var runs) || runs < 1
            || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var concurrency) || concurrency < 1
            || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var rounds) || rounds < 1)
        {
            await Console.Error.WriteLineAsync("usage: spawn-rate RUNS CONCURRENCY ROUNDS");
            return 2;
        }

        var spawner = new ChildSpawner(
            [KeyValuePair.Create("PATH", Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")], ChildWatcher.Shared);
        var runner = new ProcessJobRunner(
            Options.Create(new WorkerOptions { Cluster = "bench", OutputTailKiB = 8 }), TimeProvider.System, NullLogger<ProcessJobRunner>.Instance);
        var noVariables = new Dictionary<string, string>();
        var command = new JobRunRequest { Command = "true", Environment = noVariables };
        (string Name, Func<Task> Once)[] routes =
        [
            ("Process.Start /bin/true", async () =>
            {
                using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
                await process.WaitForExitAsync();
            }),
            ("Process.Start /bin/true, output redirected", async () =>
            {
                using var process = Process.Start(new ProcessStartInfo("/bin/true")
                {
                    UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
                })!;
                process.StandardInput.Close();
                await Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync(), process.WaitForExitAsync());
            }),
            ("posix_spawn /bin/true (ChildSpawner: own session, pipes, pidfd)", async () =>
            {
                if (!spawner.TrySpawn("/bin/true", ["/bin/true"], noVariables, null, 8192, out var child, out var error))
                {
                    throw new InvalidOperationException(error);
                }

                await Task.WhenAll(child!.Exited, child.OutputClosed);
            }),
            ("ProcessJobRunner, command: true (sh -c true)", () => runner.RunAsync(command, CancellationToken.None)),
        ];

        foreach (var (_, once) in routes)
        {
            await MeasureAsync(once, Math.Min(runs, 200), concurrency); // warm-up: JIT, thread pool
        }

        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, once) in routes)
            {
                var perSecond = await MeasureAsync(once, runs, concurrency);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{perSecond:F0}"));
            }
        }

        return 0;
    }

    private static async Task<double> MeasureAsync(Func<Task> once, int runs, int concurrency)
    {
        var left = runs;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
            {
                await once();
            }
        }));
        return runs / clock.Elapsed.TotalSeconds;
    }
}
