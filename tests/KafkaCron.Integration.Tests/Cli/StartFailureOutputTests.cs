using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Kafka.Mock;

namespace KafkaCron.Integration.Tests.Cli;

/// <summary>
/// A long-running program that cannot start prints only kcron's own lines: the host must not log "Hosting failed to
/// start" or "BackgroundService failed" with a stack trace before them. Run as real processes, since the in-process
/// runs of <see cref="LongRunningExitTests"/> do not capture the log.
/// </summary>
public sealed class StartFailureOutputTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("kcron-start-failure-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public async Task Scheduler_InvalidJobFile_PrintsTheProblemAndOneLineOnly()
    {
        using var kafka = MockKafkaCluster.Start(1);
        var jobs = Path.Combine(_scratch.FullName, "jobs.yaml");
        await File.WriteAllTextAsync(jobs, "jobs:\n  - name: x\n    schedule: \"@every 1s\"\n    cluster: cluster-zz\n    command: \"true\"\n");

        await using var scheduler = KcronProcess.Start("scheduler",
            ["scheduler", "--jobs", jobs, "--bootstrap-servers", kafka.BootstrapServers, "--metrics-port", "0"]);

        Assert.Equal(2, await scheduler.WaitForExitAsync(Patience));
        Assert.Collection(scheduler.Lines,
            problem => Assert.StartsWith($"{jobs}:4:14: cluster: unknown cluster 'cluster-zz'", problem, StringComparison.Ordinal),
            summary => Assert.StartsWith("kcron scheduler: the job file", summary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Worker_ClusterWithoutTopics_PrintsOneLineOnly()
    {
        using var kafka = MockKafkaCluster.Start(1);

        await using var worker = KcronProcess.Start("worker",
            ["worker", "--cluster", "cluster-zz", "--bootstrap-servers", kafka.BootstrapServers, "--metrics-port", "0"]);

        Assert.Equal(2, await worker.WaitForExitAsync(Patience));
        var line = Assert.Single(worker.Lines);
        Assert.StartsWith("kcron worker: Kafka at", line, StringComparison.Ordinal);
    }
}
