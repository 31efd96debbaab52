using KafkaCron.Integration.Tests.Observability;
using KafkaCron.Testing;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>
/// The scheduler runs on jemalloc where it is deployed (docs/decisions/scheduler-allocator.md): the image carries the
/// library at one path, the scheduler's containers preload it with the measured settings, nothing else does (a
/// preload reaches every process a program starts, and a worker's are users' jobs), and kcron runs on it.
/// </summary>
public sealed class SchedulerAllocatorTests
{
    // Where the image links the library of its platform.
    private const string Preload = "/usr/local/lib/libjemalloc.so.2";

    [Fact]
    public void Dockerfile_RuntimeStage_InstallsJemallocAndLinksItWhereTheSchedulerPreloadsIt()
    {
        var lines = File.ReadAllText(RepositoryPaths.Of("Dockerfile")).Split('\n');
        var runtimeStage = Array.FindLastIndex(lines, line => line.StartsWith("FROM ", StringComparison.Ordinal));
        var user = Array.FindLastIndex(lines, line => line.StartsWith("USER ", StringComparison.Ordinal));
        var install = Array.FindIndex(lines, line => line.Contains("apt-get install -y --no-install-recommends libjemalloc2", StringComparison.Ordinal));
        var link = Array.FindIndex(lines, line => line.Contains("ln -s", StringComparison.Ordinal) && line.Contains(Preload, StringComparison.Ordinal));

        // In the image that runs, and while the build still runs as root.
        Assert.InRange(install, runtimeStage + 1, user - 1);
        Assert.InRange(link, install + 1, user - 1);
    }

    [Fact]
    public void KubernetesManifests_KcronContainers_OnlyTheSchedulerPreloadsJemalloc()
    {
        var containers = KubernetesManifests.Load().KcronContainers.ToList();

        Assert.Contains(containers, item => item.Container.Strings("args")[0] == "scheduler");
        Assert.All(containers, item =>
        {
            var environment = item.Container.Items("env").ToDictionary(variable => variable.Text("name")!, variable => variable.Text("value"));
            AssertPreload(item.Name, item.Container.Strings("args")[0], environment);
        });
    }

    [Theory]
    [MemberData(nameof(ComposeFiles.Both), MemberType = typeof(ComposeFiles))]
    public void ComposeFile_KcronServices_OnlyTheSchedulersPreloadJemalloc(string file)
    {
        var services = ComposeFiles.KcronServices(file);

        Assert.Contains(services.Values, service => service.Command[0] == "scheduler");
        Assert.All(services, pair =>
        {
            var environment = pair.Value.Service.Pairs("environment").ToDictionary(variable => variable.Key, string? (variable) => variable.Value);
            AssertPreload($"{file}: {pair.Key}", pair.Value.Command[0], environment);
            // The scheduler's own environment adds to the shared one; it does not replace it.
            Assert.Equal("+", environment["KCRON_TELEMETRY__METRICSHOST"]);
        });
    }

    [SkippableFact]
    public async Task Kcron_WithJemallocPreloadedAndTheDeployedSettings_RunsOnItAndJemallocAcceptsEverySetting()
    {
        var library = DeployedJemalloc.InstalledLibrary;
        Skip.If(library is null, $"libjemalloc2 is not installed: {ExternalTool.InstallHint}");

        // stats_print makes jemalloc itself say, at exit, that it was the process's allocator.
        var result = await ExternalCommand.KcronAsync(
            ["validate", RepositoryPaths.Of("examples/jobs.yaml")],
            TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["LD_PRELOAD"] = library!, ["MALLOC_CONF"] = DeployedJemalloc.Settings + ",stats_print:true" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Begin jemalloc statistics", result.Stdout + result.Stderr, StringComparison.Ordinal);
        // jemalloc names a setting it cannot use and carries on: nothing here may be ignored that way.
        Assert.DoesNotContain("<jemalloc>", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("opt.narenas: 2", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    private static void AssertPreload(string name, string program, Dictionary<string, string?> environment)
    {
        if (program == "scheduler")
        {
            Assert.True(environment.TryGetValue("LD_PRELOAD", out var preload) && preload == Preload, $"{name} does not preload {Preload}");
            Assert.True(environment.TryGetValue("MALLOC_CONF", out var settings) && settings == DeployedJemalloc.Settings, $"{name} runs jemalloc without {DeployedJemalloc.Settings}");
        }
        else
        {
            Assert.False(environment.ContainsKey("LD_PRELOAD"), $"{name} ({program}) preloads a library, and so would everything it starts");
        }
    }
}
