using KafkaCron.Core.Messages;
using KafkaCron.Worker.Execution;

namespace KafkaCron.Worker.Tests.Execution;

public sealed class JobEnvironmentTests
{
    private static readonly FireMessage Fire = new()
    {
        FireId = "f-42",
        Job = "backup",
        Cluster = "cluster-a",
        Command = "run-backup",
        Env = new Dictionary<string, string> { ["TARGET"] = "s3", ["KCRON_JOB"] = "spoofed" },
        WorkingDirectory = "/srv",
        ScheduledAt = new DateTimeOffset(2025, 3, 30, 1, 30, 0, TimeSpan.FromHours(2)),
        PublishedAt = new DateTimeOffset(2025, 3, 30, 1, 30, 0, TimeSpan.FromHours(2)),
        Attempt = 3,
        TimeoutSeconds = 90,
    };

    [Fact]
    public void For_Fire_SetsEveryKcronVariableOverTheJobsOwn()
    {
        var variables = JobEnvironment.For(Fire, "host-1");

        Assert.Equal("s3", variables["TARGET"]);
        Assert.Equal("backup", variables[JobEnvironment.Job]);
        Assert.Equal("cluster-a", variables[JobEnvironment.Cluster]);
        Assert.Equal("f-42", variables[JobEnvironment.FireId]);
        Assert.Equal("2025-03-29T23:30:00.000Z", variables[JobEnvironment.ScheduledAt]);
        Assert.Equal("3", variables[JobEnvironment.Attempt]);
        Assert.Equal("host-1", variables[JobEnvironment.Worker]);
    }

    [Fact]
    public void Request_Fire_CarriesCommandDirectoryAndTimeout()
    {
        var request = JobEnvironment.Request(Fire, "host-1");

        Assert.Equal(["/bin/sh", "-c", "run-backup"], request.Argv);
        Assert.Equal("/srv", request.WorkingDirectory);
        Assert.Equal(TimeSpan.FromSeconds(90), request.Timeout);
    }

    [Fact]
    public void Request_ArgsFireWithoutTimeout_ExecsArgsAndHasNoTimeout()
    {
        var request = JobEnvironment.Request(Fire with { Command = null, Args = ["/usr/bin/env", "-0"], TimeoutSeconds = null }, "host-1");

        Assert.Equal(["/usr/bin/env", "-0"], request.Argv);
        Assert.Null(request.Timeout);
    }
}
