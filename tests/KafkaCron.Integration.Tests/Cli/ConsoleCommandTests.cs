using System.Net;
using System.Net.Sockets;

namespace KafkaCron.Integration.Tests.Cli;

/// <summary><c>kcron console</c>'s bad settings: one line naming the setting and its flag, exit code 2, nothing served.</summary>
public sealed class ConsoleCommandTests : IDisposable
{
    private const string Nowhere = "127.0.0.1:1";
    private readonly string _directory = Directory.CreateTempSubdirectory("kcron-console-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("Console:Port (--port)", "--port", "70000")]
    [InlineData("Console:ListenHost (--listen)", "--listen", "everywhere")]
    [InlineData("Console:RefreshSeconds (--refresh-seconds)", "--refresh-seconds", "-1")]
    [InlineData("Console:JobsFile (--jobs)", "--jobs", "/nonexistent/jobs.yaml")]
    [InlineData("Console:Clusters (--cluster)", "--cluster", "bad name!")]
    [InlineData("Console:ZooKeeper (--zookeeper)", "--zookeeper", "host:notaport")]
    [InlineData("Console:AdminTokenFile (--admin-token-file)", "--admin-token-file", "/nonexistent/token")]
    public void Console_BadSetting_OneLineNamingItAndExitCode2(string setting, string flag, string value)
    {
        string[] anyPort = flag == "--port" ? [] : ["--port", "0"];
        var run = Kcron.Run(["console", "--bootstrap-servers", Nowhere, "--metrics-port", "0", .. anyPort, flag, value]);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kcron console: ", line, StringComparison.Ordinal);
        Assert.Contains(setting, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_WeakAdminToken_RefusedWithAdvice()
    {
        var token = Path.Combine(_directory, "token");
        File.WriteAllText(token, "secret\n");

        var run = Kcron.Run("console", "--bootstrap-servers", Nowhere, "--metrics-port", "0", "--port", "0", "--admin-token-file", token);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("use at least 16", Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void Console_PortTaken_OneLineNamingTheSettingAndExitCode2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = Kcron.Run("console", "--bootstrap-servers", Nowhere, "--metrics-port", "0", "--listen", "127.0.0.1", "--port", port);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Console:Port (--port)", line, StringComparison.Ordinal);
        Assert.Contains("address already in use", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_UnknownFlag_ExitCode2()
    {
        var run = Kcron.Run("console", "--no-such-flag");

        Assert.Equal(2, run.ExitCode);
    }
}
