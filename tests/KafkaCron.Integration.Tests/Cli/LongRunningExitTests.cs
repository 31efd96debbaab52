using System.Net;
using System.Net.Sockets;
using KafkaCron.Kafka.Mock;

namespace KafkaCron.Integration.Tests.Cli;

/// <summary>
/// The long-running commands' one exit path for bad settings: one line naming the setting, exit code 2, no stack
/// trace. Nothing here reaches Kafka: every case fails before the worker would connect.
/// </summary>
public sealed class LongRunningExitTests
{
    private const string Nowhere = "127.0.0.1:1";

    [Theory]
    [InlineData("Worker:Concurrency", "--concurrency", "0")]
    [InlineData("Worker:Concurrency", "--concurrency", "-1")]
    [InlineData("Telemetry:MetricsPort", "--metrics-port", "70000")]
    [InlineData("Partitions", "--partitions", "0")]
    public void Worker_BadSetting_OneLineNamingItAndExitCode2(string setting, string flag, string value)
    {
        string[] quiet = flag == "--metrics-port" ? [] : ["--metrics-port", "0"];
        var run = Kcron.Run(["worker", "--cluster", "c", "--bootstrap-servers", Nowhere, .. quiet, flag, value]);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kcron worker: ", line, StringComparison.Ordinal);
        Assert.Contains(setting, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scheduler", "no.such.setting: \"1\"", "Kafka:Client:no.such.setting: No such configuration property")]
    [InlineData("worker", "linger.ms: \"-5\"", "Kafka:Client:linger.ms: ")]
    public void LongRunning_KafkaClientPropertyLibrdkafkaRefuses_OneLineNamingItAndExitCode2(string command, string property, string expected)
    {
        var settings = Path.Combine(Path.GetTempPath(), $"kcron-settings-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(settings, $"Kafka:\n  Client:\n    {property}\n");
        string[] arguments = command == "worker" ? ["worker", "--cluster", "c"] : ["scheduler", "--jobs", Kcron.Example("jobs.yaml")];
        try
        {
            var run = Kcron.Run([.. arguments, "--bootstrap-servers", Nowhere, "--metrics-port", "0", "--config", settings]);

            Assert.Equal(2, run.ExitCode);
            var line = Assert.Single(run.ErrorLines);
            Assert.StartsWith($"kcron {command}: {expected}", line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(settings);
        }
    }

    [Fact]
    public void Worker_InvalidClusterName_RejectedUpFront()
    {
        var run = Kcron.Run("worker", "--cluster", "bad name!", "--bootstrap-servers", Nowhere, "--metrics-port", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Worker:Cluster may hold only", Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void Worker_SettingsFileMissing_OneLineAndExitCode2()
    {
        var run = Kcron.Run("worker", "--cluster", "c", "--config", "/nonexistent/kcron.yaml", "--metrics-port", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("kcron worker: settings file /nonexistent/kcron.yaml does not exist", run.Error.Trim());
    }

    [Fact]
    public void Worker_MetricsPortTaken_OneLineNamingTheSettingAndExitCode2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = Kcron.Run("worker", "--cluster", "c", "--bootstrap-servers", Nowhere, "--metrics-port", port);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Telemetry:MetricsPort (--metrics-port)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Worker_ClusterWithoutTopics_NamesTheMissingTopicsInOneLineWithExitCode2AndCreatesNone()
    {
        using var kafka = MockKafkaCluster.Start(1);

        var run = Kcron.Run("worker", "--cluster", "cluster-zz", "--bootstrap-servers", kafka.BootstrapServers,
            "--metrics-port", "0");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("kcron worker: Kafka at", line, StringComparison.Ordinal);
        Assert.Contains("kcron.jobs.cluster-zz, kcron.retry.cluster-zz, kcron.dead.cluster-zz", line, StringComparison.Ordinal);
        Assert.Contains("a worker does not create topics", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-command")]
    [InlineData("worker")]
    public void Kcron_UnknownCommandOrMissingRequiredOption_ExitCode2(string command)
    {
        Assert.Equal(2, Kcron.Run(command).ExitCode);
    }

    [Fact]
    public void Kcron_Help_DocumentsTheExitCodes()
    {
        var run = Kcron.Run("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Exit codes: 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 bad usage or a bad setting", run.Output, StringComparison.Ordinal);
    }
}
