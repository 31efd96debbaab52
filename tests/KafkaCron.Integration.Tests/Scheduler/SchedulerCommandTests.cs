using KafkaCron.Scheduler.Hosting;
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

    [Theory]
    [InlineData(new[] { "--zookeeper", "zk1:notaport" }, "Scheduler:ZooKeeper: ", "ConnectionString is invalid")]
    [InlineData(new[] { "--zookeeper", "127.0.0.1:2181", "--session-timeout", "0.1" }, "Scheduler:ZooKeeper: ", "SessionTimeout")]
    [InlineData(new[] { "--zookeeper", "127.0.0.1:2181", "--deployment-id", "no spaces" }, "Scheduler:ZooKeeper: ", "DeploymentId must be")]
    [InlineData(new[] { "--zookeeper", "127.0.0.1:2181", "--zookeeper-root", "relative" }, "Scheduler:ZooKeeper: ", "RootPath must be an absolute znode path")]
    public async Task Invoke_BadElectionSettings_ExitsNamingTheSetting(string[] flags, string section, string problem)
    {
        var jobs = Path.GetTempFileName();
        try
        {
            using var error = new StringWriter();

            var exitCode = await KcronCommand.Create().Parse(["scheduler", "--jobs", jobs, "--metrics-port", "0", .. flags])
                .InvokeAsync(new InvocationConfiguration { Error = error, Output = TextWriter.Null });

            Assert.Equal(SchedulerCommand.ExitInvalidConfiguration, exitCode);
            var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(problem, StringComparison.Ordinal));
            Assert.StartsWith("kcron scheduler: " + section, line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(jobs);
        }
    }

    [Fact]
    public void ElectionFlags_SetTheSchedulerZooKeeperSettings()
    {
        var flags = new ElectionFlags();
        var command = new Command("x");
        flags.AddTo(command);

        var settings = flags.ToConfiguration(command.Parse(
            ["--zookeeper", "a:1,b:2", "--replica-id", "r1", "--deployment-id", "prod", "--session-timeout", "2.5", "--zookeeper-root", "/k"])).ToDictionary();

        Assert.Equal("a:1,b:2", settings["Scheduler:ZooKeeper:ConnectionString"]);
        Assert.Equal("r1", settings["Scheduler:ZooKeeper:ReplicaId"]);
        Assert.Equal("prod", settings["Scheduler:ZooKeeper:DeploymentId"]);
        Assert.Equal("00:00:02.5000000", settings["Scheduler:ZooKeeper:SessionTimeout"]);
        Assert.Equal("/k", settings["Scheduler:ZooKeeper:RootPath"]);
        Assert.Equal("kcron-scheduler-prod", SchedulerServiceCollectionExtensions.TransactionalId("prod"));
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
