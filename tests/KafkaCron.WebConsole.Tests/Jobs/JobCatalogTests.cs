using KafkaCron.WebConsole.Jobs;
using KafkaCron.WebConsole.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole.Tests.Jobs;

public sealed class JobCatalogTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Current_FileChanged_ReadsTheNewJobs()
    {
        var catalog = Catalog(_files.JobsFile);
        Assert.Equal(4, catalog.Current().File.Jobs.Count);

        File.WriteAllText(_files.JobsFile, "clusters: [cluster-a]\njobs:\n  - name: only\n    schedule: '@hourly'\n    cluster: cluster-a\n    command: 'true'\n");
        File.SetLastWriteTimeUtc(_files.JobsFile, DateTime.UnixEpoch.AddYears(60));

        var current = catalog.Current();
        Assert.Equal(["only"], current.File.Jobs.Select(j => j.Name));
        Assert.Empty(current.Problems);
    }

    [Fact]
    public void Current_FileBecomesInvalid_KeepsTheLastValidJobsAndNamesTheProblems()
    {
        var catalog = Catalog(_files.JobsFile);
        Assert.Equal(4, catalog.Current().File.Jobs.Count);

        File.WriteAllText(_files.JobsFile, "clusters: [cluster-a]\njobs:\n  - name: broken\n    schedule: 'not cron'\n    cluster: cluster-a\n    command: 'true'\n");
        File.SetLastWriteTimeUtc(_files.JobsFile, DateTime.UnixEpoch.AddYears(60));

        var current = catalog.Current();
        Assert.Equal(4, current.File.Jobs.Count);
        Assert.Contains(current.Problems, p => p.Contains("not cron", StringComparison.Ordinal));
        Assert.NotNull(current.LoadedAt);
    }

    [Fact]
    public void Current_NoJobFile_ClustersFromSettingsAndNoJobs()
    {
        var current = new JobCatalog(Options.Create(new ConsoleOptions { Clusters = ["cluster-x"] }), TimeProvider.System, NullLogger<JobCatalog>.Instance).Current();

        Assert.Empty(current.File.Jobs);
        Assert.Equal(["cluster-x"], current.Clusters);
        Assert.Null(current.Path);
    }

    private static JobCatalog Catalog(string path) =>
        new(Options.Create(new ConsoleOptions { JobsFile = path }), TimeProvider.System, NullLogger<JobCatalog>.Instance);
}
