using System.CommandLine;
using System.Globalization;
using KafkaCron.Cli.Hosting;
using KafkaCron.Core.Topics;
using KafkaCron.Kafka.Mock;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>kcron dev</c>: the single-machine default. Hosts the mock Kafka cluster in this process and runs one
/// scheduler, two workers and one retry worker per cluster as child processes, as production would run them, with one interleaved
/// log, and the web console. Each child has its own metrics port, and any of them can be killed to watch the rest react.
/// </summary>
internal static class DevCommand
{
    public const int SchedulerMetricsPort = 9464;
    public const int WorkersPerCluster = 2;

    public static Command Create()
    {
        var jobs = new Option<FileInfo>("--jobs") { Description = "Job file.", Required = true };
        var clusters = new Option<string[]>("--cluster")
        {
            Description = "Clusters known besides those the job file declares (repeatable); workers run for all of them.",
            DefaultValueFactory = _ => [],
        };
        var port = new Option<int>("--port") { Description = "Bootstrap port of the mock cluster.", DefaultValueFactory = _ => 9092 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions per topic.", DefaultValueFactory = _ => 2 };
        var controlPort = new Option<int>("--control-port") { Description = "Mock cluster drill port.", DefaultValueFactory = _ => 9192 };
        var consolePort = new Option<int>("--console-port")
        {
            Description = "Port of the web console (kcron console); 0 leaves it out.",
            DefaultValueFactory = _ => WebConsole.ConsoleOptions.DefaultPort,
        };
        var metricsPort = new Option<int>("--metrics-port")
        {
            Description = "Metrics port of the scheduler; the workers take the next ones. 0 turns metrics off.",
            DefaultValueFactory = _ => SchedulerMetricsPort,
        };

        var command = new Command("dev", "Run everything on this machine: mock Kafka, a scheduler, two workers and a retry worker per cluster, the web console.")
        {
            jobs, clusters, port, partitions, controlPort, consolePort, metricsPort,
        };
        command.SetAction(SettingsErrorReport.Around("dev", RunAsync));
        return command;

        async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
        {
            var output = parseResult.InvocationConfiguration.Output;
            var jobFile = parseResult.GetRequiredValue(jobs);
            if (!JobFileClusters.TryRead(jobFile.FullName, parseResult.GetRequiredValue(clusters), parseResult.InvocationConfiguration.Error, out var clusterNames))
            {
                return 2;
            }

            var partitionCount = parseResult.GetValue(partitions);
            using var loggerFactory = ConsoleLogging.CreateFactory();
            var topicNames = new TopicNames();
            await using var broker = MockBroker.Start(new MockBrokerOptions
            {
                Port = parseResult.GetValue(port),
                Topics = [.. clusterNames.SelectMany(topicNames.All).Select(topic => (topic, partitionCount)), (topicNames.Control, 1)],
            }, loggerFactory.CreateLogger("kcron.broker"));
            await using var control = MockBrokerControlServer.Start(broker, parseResult.GetValue(controlPort), loggerFactory.CreateLogger("kcron.broker"));

            var common = new[]
            {
                "--bootstrap-servers", broker.BootstrapServers,
                "--partitions", Invariant(partitionCount),
                // The mock cluster answers an empty fetch only when fetch.wait.max.ms runs out.
                "--fetch-wait-max-ms", "10",
                // ... and waits about one session timeout per cooperative rebalance round.
                "--session-timeout-ms", "6000",
            };
            var outputGate = new Lock();
            var children = new List<ChildProgram>();
            var banner = new List<string>
            {
                $"kcron dev: mock Kafka at {broker.BootstrapServers} (drills: {control.Url}/status), job file {jobFile.FullName}",
            };
            var schedulerMetricsPort = parseResult.GetValue(metricsPort);
            if (schedulerMetricsPort != 0)
            {
                banner.Add($"  metrics: scheduler http://localhost:{schedulerMetricsPort}/metrics");
            }

            try
            {
                children.Add(ChildProgram.Start("scheduler",
                    ["scheduler", "--jobs", jobFile.FullName, "--metrics-port", Invariant(schedulerMetricsPort),
                        .. clusterNames.SelectMany(cluster => new[] { "--cluster", cluster }), .. common],
                    output, outputGate));
                // Main workers first, then one retry worker per cluster: the ports prometheus/prometheus-dev.yml scrapes.
                var workers = clusterNames
                    .SelectMany(cluster => Enumerable.Range(1, WorkersPerCluster).Select(index => (Cluster: cluster, Id: $"{cluster}-w{index}", Retry: false)))
                    .Concat(clusterNames.Select(cluster => (Cluster: cluster, Id: $"{cluster}-retry", Retry: true)));
                var workerMetricsPort = schedulerMetricsPort == 0 ? 0 : schedulerMetricsPort + 1;
                foreach (var (cluster, workerId, retry) in workers)
                {
                    if (workerMetricsPort != 0)
                    {
                        banner.Add($"  metrics: {(retry ? "retry worker" : "worker")} {workerId} http://localhost:{workerMetricsPort}/metrics");
                    }

                    string[] role = retry ? ["--retry"] : [];
                    children.Add(ChildProgram.Start(workerId,
                        ["worker", "--cluster", cluster, .. role, "--worker-id", workerId, "--metrics-port", Invariant(workerMetricsPort), .. common],
                        output, outputGate));
                    workerMetricsPort = workerMetricsPort == 0 ? 0 : workerMetricsPort + 1;
                }

                if (parseResult.GetValue(consolePort) is var webPort and not 0)
                {
                    children.Add(StartConsole(jobFile.FullName, broker.BootstrapServers, clusterNames, webPort, workerMetricsPort, banner, output, outputGate));
                }

                lock (outputGate)
                {
                    banner.Add("  Prometheus config for these targets: prometheus/prometheus-dev.yml; stop with Ctrl+C");
                    foreach (var line in banner)
                    {
                        output.WriteLine(line);
                    }

                    output.Flush();
                }

                // A child that dies (a drill killed it, or it failed) is reported and the rest keep running, so
                // chaos drills show the failover instead of tearing the stack down. Ctrl+C stops everything.
                foreach (var child in children)
                {
                    _ = ReportExitAsync(child, output, outputGate, cancellationToken);
                }

                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                foreach (var child in children)
                {
                    child.RequestStop();
                }

                await Task.WhenAll(children.Select(child => child.Exited)).WaitAsync(TimeSpan.FromSeconds(90), CancellationToken.None)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return 0;
            }
            finally
            {
                foreach (var child in children)
                {
                    await child.DisposeAsync();
                }
            }
        }
    }

    /// <summary>
    /// The console, with an admin token made for this run (a file only this user can read), so the dev stack can be
    /// acted on from the browser at once: log in with the file's content.
    /// </summary>
    private static ChildProgram StartConsole(string jobFile, string bootstrapServers, IEnumerable<string> clusters, int webPort, int metricsPort,
        List<string> banner, TextWriter output, Lock outputGate)
    {
        var tokenFile = Path.Combine(Directory.CreateTempSubdirectory("kcron-dev-").FullName, "admin-token");
        File.WriteAllText(tokenFile, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        banner.Add($"  console: http://localhost:{webPort}/ (admin token in {tokenFile})");
        if (metricsPort != 0)
        {
            banner.Add($"  metrics: console http://localhost:{metricsPort}/metrics");
        }

        return ChildProgram.Start("console",
            ["console", "--jobs", jobFile, "--bootstrap-servers", bootstrapServers, "--port", Invariant(webPort), "--admin-token-file", tokenFile,
                "--metrics-port", Invariant(metricsPort), .. clusters.SelectMany(cluster => new[] { "--cluster", cluster })],
            output, outputGate);
    }

    private static async Task ReportExitAsync(ChildProgram child, TextWriter output, Lock outputGate, CancellationToken stopping)
    {
        await child.Exited;
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        lock (outputGate)
        {
            output.WriteLine($"kcron dev: {child.Name} exited with code {child.ExitCode}; the others keep running (Ctrl+C stops all)");
            output.Flush();
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
