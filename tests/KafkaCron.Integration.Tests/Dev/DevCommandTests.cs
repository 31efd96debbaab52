using System.Globalization;
using System.Text.RegularExpressions;
using KafkaCron.Integration.Tests.EndToEnd;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Dev;

/// <summary>What <c>make run</c> starts: <c>kcron dev</c> with the example job file, as a newcomer would see it.</summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class DevCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dev_ExampleJobs_RunOnBothClustersWithWorkerAndPartitionInTheLogAndStopCleanly()
    {
        var port = FreePort.Next();
        var consolePort = FreePort.Next();
        await using var dev = KcronProcess.Start("dev",
        [
            "dev", "--jobs", RepositoryPaths.Of("examples", "jobs.yaml"),
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--control-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--console-port", consolePort.ToString(CultureInfo.InvariantCulture),
            "--metrics-port", "0",
        ]);

        await dev.WaitForLineAsync($"  console: http://localhost:{consolePort}/ (admin token in ", Patience);
        await dev.WaitForLineAsync(l => l.StartsWith("console", StringComparison.Ordinal) && l.Contains($"Console at http://localhost:{consolePort}/", StringComparison.Ordinal),
            Patience, "the console listening");
        using (var http = new HttpClient())
        {
            Assert.Contains("\"name\":\"heartbeat-a\"", await http.GetStringAsync(new Uri($"http://localhost:{consolePort}/api/v1/jobs")), StringComparison.Ordinal);
        }

        await dev.WaitForLineAsync(l => RunLine().IsMatch(l) && l.StartsWith("cluster-a-w", StringComparison.Ordinal) && l.Contains("Job heartbeat-a", StringComparison.Ordinal),
            Patience, "a cluster-a worker running heartbeat-a");
        await dev.WaitForLineAsync(l => RunLine().IsMatch(l) && l.StartsWith("cluster-b-w", StringComparison.Ordinal) && l.Contains("Job heartbeat-b", StringComparison.Ordinal),
            Patience, "a cluster-b worker running heartbeat-b");

        Assert.DoesNotContain(dev.Lines, l => RunLine().IsMatch(l) && l.StartsWith("cluster-a-w", StringComparison.Ordinal) && l.Contains("-b (partition", StringComparison.Ordinal));
        Assert.DoesNotContain(dev.Lines, l => l.Contains("Job paused-b", StringComparison.Ordinal));
        dev.Signal(PosixSignalNumber.Terminate);
        Assert.Equal(0, await dev.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        Assert.Empty(ProcessesMentioning($"127.0.0.1:{port}"));
    }

    /// <summary>A worker's run line: its name, then the job with the partition and offset it came from.</summary>
    [GeneratedRegex(@"^cluster-[ab]-w[12] +\| .*Job [a-z0-9-]+ \(partition \d+ offset \d+\) fire ")]
    private static partial Regex RunLine();

    private static List<int> ProcessesMentioning(string fragment) =>
        Directory.EnumerateDirectories("/proc")
            .Select(dir => (Pid: int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0, Dir: dir))
            .Where(p => p.Pid > 0 && p.Pid != Environment.ProcessId)
            .Where(p =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(p.Dir, "cmdline")).Contains(fragment, StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            })
            .Select(p => p.Pid)
            .ToList();
}
