using KafkaCron.Cli.Hosting;
using KafkaCron.Kafka.Topics;
using KafkaCron.Worker.Hosting;
using Microsoft.Extensions.Hosting;

namespace KafkaCron.Integration.Tests.Worker;

public sealed class WorkerHostTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("kcron-worker-host-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public async Task Host_WithTopicsPresent_RunsFiresAndStopsCleanly()
    {
        using var harness = new WorkerHarness();
        var marker = Path.Combine(_scratch.FullName, "ran");
        await harness.ProduceFireAsync(harness.Fire("touch", $"echo \"$KCRON_JOB $KCRON_WORKER\" > {marker}"));
        using var host = BuildHost(harness);
        var failure = host.Services.WorkerFailureProbe();

        await host.StartAsync();
        await WorkerHarness.UntilAsync(() => File.Exists(marker) && File.ReadAllText(marker).Length > 0, "the fire ran");
        await WorkerHarness.UntilAsync(() => harness.Committed().Values.Sum(o => Math.Max(o, 0)) == 1, "its offset is committed");
        await host.StopAsync();

        Assert.Null(failure());
        Assert.Equal("touch host-worker\n", await File.ReadAllTextAsync(marker));
    }

    [Fact]
    public async Task Host_TopicsMissing_FailsNamingThemWithoutCreatingThem()
    {
        using var harness = new WorkerHarness(cluster: "cluster-a");
        using var host = BuildHost(harness, cluster: "cluster-without-topics");
        var failure = host.Services.WorkerFailureProbe();

        await host.StartAsync();
        await WorkerHarness.UntilAsync(() => failure() is not null, "the worker fails");
        await host.StopAsync();

        var error = Assert.IsType<TopicsUnavailableException>(failure());
        Assert.Contains("kcron.jobs.cluster-without-topics", error.Message, StringComparison.Ordinal);
        Assert.Contains("a worker does not create topics", error.Message, StringComparison.Ordinal);
    }

    private static IHost BuildHost(WorkerHarness harness, string? cluster = null)
    {
        var builder = KcronHost.CreateBuilder(settingsFile: null, new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = harness.Kafka.BootstrapServers,
            ["Kafka:Partitions"] = WorkerHarness.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kafka:FetchWaitMaxMs"] = "10",
            ["Kafka:StartupTimeoutSeconds"] = "5",
            ["Worker:Cluster"] = cluster ?? harness.Cluster,
            ["Worker:WorkerId"] = "host-worker",
            ["Worker:Concurrency"] = "2",
        });
        builder.Services.AddKcronWorker();
        return builder.Build();
    }
}
