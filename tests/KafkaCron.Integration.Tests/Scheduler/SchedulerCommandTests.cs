using System.CommandLine;
using KafkaCron.Cli;
using KafkaCron.Cli.Commands;

namespace KafkaCron.Integration.Tests.Scheduler;

public sealed class SchedulerCommandTests
{
    [Fact]
    public async Task Invoke_JobFileMissing_ExitsWithAnInvalidConfigurationNamingTheFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"kcron-missing-{Guid.NewGuid():N}.yaml");
        using var error = new StringWriter();

        var exitCode = await KcronCommand.Create().Parse(["scheduler", "--jobs", missing])
            .InvokeAsync(new InvocationConfiguration { Error = error, Output = TextWriter.Null });

        Assert.Equal(SchedulerCommand.ExitInvalidConfiguration, exitCode);
        Assert.Contains($"the job file {missing} does not exist", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_NoJobFileAnywhere_ExitsSayingItIsRequired()
    {
        using var error = new StringWriter();

        var exitCode = await KcronCommand.Create().Parse(["scheduler"])
            .InvokeAsync(new InvocationConfiguration { Error = error, Output = TextWriter.Null });

        Assert.Equal(SchedulerCommand.ExitInvalidConfiguration, exitCode);
        Assert.Contains("Scheduler:JobsFile (--jobs) is required", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_DuplicateClusterFlags_ExitsNamingTheCluster()
    {
        var jobs = Path.GetTempFileName();
        try
        {
            using var error = new StringWriter();

            var exitCode = await KcronCommand.Create().Parse(["scheduler", "--jobs", jobs, "--cluster", "x", "--cluster", "x"])
                .InvokeAsync(new InvocationConfiguration { Error = error, Output = TextWriter.Null });

            Assert.Equal(SchedulerCommand.ExitInvalidConfiguration, exitCode);
            Assert.Contains("x named more than once", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(jobs);
        }
    }

    [Fact]
    public async Task Invoke_ClustersFromTheSettingsFile_AreBoundAndValidated()
    {
        var jobs = Path.GetTempFileName();
        var settings = Path.Combine(Path.GetTempPath(), $"kcron-settings-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(settings, $"Scheduler:\n  JobsFile: {jobs}\n  Clusters:\n    - dup\n    - dup\n");
        try
        {
            using var error = new StringWriter();

            var exitCode = await KcronCommand.Create().Parse(["scheduler", "--config", settings])
                .InvokeAsync(new InvocationConfiguration { Error = error, Output = TextWriter.Null });

            Assert.Equal(SchedulerCommand.ExitInvalidConfiguration, exitCode);
            Assert.Contains("dup named more than once", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(jobs);
            File.Delete(settings);
        }
    }
}
