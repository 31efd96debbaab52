using System.Diagnostics;
using System.Globalization;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>
/// Every drill script parses, passes shellcheck, explains itself, refuses non-loopback targets, and in compose mode
/// asks docker-compose for the right thing (a stub docker-compose records what it was asked: no Docker here).
/// </summary>
public sealed class ChaosScriptTests : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(30);

    private readonly StubCompose _compose = new();

    public static TheoryData<string> Scripts => Rows(ScriptPaths());

    public static TheoryData<string> Drills =>
        Rows(ScriptPaths().Where(path => path.StartsWith("chaos/", StringComparison.Ordinal) && Path.GetFileName(path) != "lib.sh"));

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_Syntax_IsValidBash(string script)
    {
        var result = await ExternalCommand.RunAsync("bash", ["-n", RepositoryPaths.Of(script)], ScriptTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public async Task Script_Shellcheck_FindsNothing(string script)
    {
        var shellcheck = ExternalCommand.Require("shellcheck");

        var result = await ExternalCommand.RunAsync(shellcheck, ["--external-sources", script], ScriptTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [MemberData(nameof(Drills))]
    public async Task Drill_Help_PrintsUsageAndExitsZero(string script)
    {
        var result = await ExternalCommand.BashAsync(script, ["--help"], ScriptTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("usage: " + Path.GetFileName(script), result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chaos/garbage.sh", "--bootstrap", "kafka.example.com:9092")]
    [InlineData("chaos/garbage.sh", "--bootstrap", "127.0.0.1:9092,10.0.0.7:9092")]
    [InlineData("chaos/broker-down.sh", "--control", "http://10.1.2.3:9192")]
    [InlineData("chaos/move-leader.sh", "--control", "http://kafka.example.com:9192")]
    public async Task Drill_NonLoopbackTarget_IsRefusedBeforeAnythingHappens(string script, string option, string target)
    {
        var arguments = script.EndsWith("move-leader.sh", StringComparison.Ordinal) ? new[] { option, target, "--to", "2" } : [option, target];

        var result = await ExternalCommand.BashAsync(script, arguments, ScriptTimeout);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("only target loopback", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillWorker_Compose_KillsOneMainWorkerOfTheCluster()
    {
        _compose.RunningServices("scheduler-1", "worker-cluster-a-1", "worker-cluster-a-2", "worker-cluster-a-retry", "worker-cluster-b-1");

        var result = await ExternalCommand.BashAsync("chaos/kill-worker.sh",
            ["--cluster", "cluster-a", "--compose", _compose.ComposeFile], ScriptTimeout, _compose.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        var kill = Assert.Single(_compose.Calls, call => call.StartsWith("kill", StringComparison.Ordinal));
        Assert.Matches(@"^kill -s SIGKILL worker-cluster-a-[12]$", kill);
    }

    [Fact]
    public async Task KillWorker_ComposeRetry_KillsTheRetryWorker()
    {
        _compose.RunningServices("worker-cluster-a-1", "worker-cluster-a-retry");

        var result = await ExternalCommand.BashAsync("chaos/kill-worker.sh",
            ["--cluster", "cluster-a", "--retry", "--compose", _compose.ComposeFile], ScriptTimeout, _compose.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("kill -s SIGKILL worker-cluster-a-retry", _compose.Calls);
    }

    [Fact]
    public async Task KillLeader_Compose_KillsTheReplicaWhoseMetricsSayItLeads()
    {
        using var standby = MetricsEndpoint.Start("kcron_scheduler_leader 0\n");
        using var leader = MetricsEndpoint.Start("# TYPE kcron_scheduler_leader gauge\nkcron_scheduler_leader 1\n");
        _compose.RunningServices("scheduler-1", "scheduler-2", "worker-cluster-a-1");
        _compose.PublishedPort("scheduler-1", standby.Address);
        _compose.PublishedPort("scheduler-2", leader.Address);

        var result = await ExternalCommand.BashAsync("chaos/kill-leader.sh", ["--compose", _compose.ComposeFile], ScriptTimeout, _compose.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("kill -s SIGKILL scheduler-2", _compose.Calls);
        Assert.DoesNotContain("kill -s SIGKILL scheduler-1", _compose.Calls);
    }

    [Fact]
    public async Task KillLeader_ComposeWithoutLeader_FailsAndKillsNothing()
    {
        using var standby = MetricsEndpoint.Start("kcron_scheduler_leader 0\n");
        _compose.RunningServices("scheduler-1");
        _compose.PublishedPort("scheduler-1", standby.Address);

        var result = await ExternalCommand.BashAsync("chaos/kill-leader.sh", ["--compose", _compose.ComposeFile], ScriptTimeout, _compose.Environment);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain(_compose.Calls, call => call.StartsWith("kill", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BrokerDown_Compose_StopsTheBrokerThenStartsItAgain()
    {
        _compose.RunningServices("kafka-1", "kafka-2", "kafka-3");

        var result = await ExternalCommand.BashAsync("chaos/broker-down.sh",
            ["--compose", _compose.ComposeFile, "--broker", "2", "--seconds", "1"], ScriptTimeout, _compose.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["stop kafka-2", "start kafka-2"], _compose.Calls.Where(call => call.StartsWith("st", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task MoveLeader_Compose_PutsTheTargetFirstAndElectsItInsideItsOwnContainer()
    {
        _compose.RunningServices("kafka-1", "kafka-2", "kafka-3");

        var result = await ExternalCommand.BashAsync("chaos/move-leader.sh",
            ["--compose", _compose.ComposeFile, "--to", "3", "--topic", "kcron.jobs.cluster-b", "--partition", "1"], ScriptTimeout, _compose.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        var exec = Assert.Single(_compose.Calls, call => call.StartsWith("exec", StringComparison.Ordinal));
        Assert.StartsWith("exec -T kafka-3 bash -c", exec, StringComparison.Ordinal);
        Assert.Contains("{\"topic\":\"kcron.jobs.cluster-b\",\"partition\":1,\"replicas\":[3,1,2]}", exec, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flood_Compose_AddsBurstJobsReloadsThenRestoresTheFileExactly()
    {
        var jobs = _compose.JobFile(StubCompose.SampleJobs);
        var original = await File.ReadAllBytesAsync(jobs);
        _compose.RunningServices("scheduler-1", "scheduler-2", "worker-cluster-a-1");

        var result = await ExternalCommand.BashAsync("chaos/flood.sh",
            ["--compose", _compose.ComposeFile, "--jobs", jobs, "--count", "3", "--in", "5", "--hold", "6", "--run-seconds", "0"],
            ScriptTimeout, _compose.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, _compose.Calls.Count(call => call == "kill -s SIGHUP scheduler-1 scheduler-2"));
        var flooded = YamlDocuments.Load(_compose.JobFileAtFirstReload).Single();
        var burst = flooded.Items("jobs").Where(job => job.Text("name")!.StartsWith("flood-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, burst.Count);
        Assert.Single(burst.Select(job => job.Text("schedule")).Distinct());
        Assert.All(burst, job => Assert.Equal("cluster-a", job.Text("cluster")));
        Assert.Equal("heartbeat-a", flooded.Items("jobs")[0].Text("name"));
        var validation = await ExternalCommand.KcronAsync(["validate", _compose.JobFileAtFirstReload], ScriptTimeout);
        Assert.True(validation.ExitCode == 0, validation.ToString());
        Assert.Equal(original, await File.ReadAllBytesAsync(jobs));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(jobs)!));
    }

    [Fact]
    public async Task Flood_LocalWithMetricsPorts_SignalsOnlyThoseSchedulersAndRunsTheCommand()
    {
        var jobs = _compose.JobFile(StubCompose.SampleJobs);
        var original = await File.ReadAllBytesAsync(jobs);
        var snapshots = Directory.CreateTempSubdirectory("kcron-flood-").FullName;
        int targetPort = FreePort.Next(), otherPort = FreePort.Next();
        using var target = FakeScheduler(targetPort, jobs, Path.Combine(snapshots, "target"));
        using var other = FakeScheduler(otherPort, jobs, Path.Combine(snapshots, "other"));
        const string Command = """printf '%s ran\n' "$KCRON_JOB" && echo "it's here" >/dev/null""";

        var result = await ExternalCommand.BashAsync("chaos/flood.sh",
            ["--jobs", jobs, "--count", "2", "--in", "5", "--hold", "6", "--command", Command, "--metrics-ports", targetPort.ToString(CultureInfo.InvariantCulture)],
            ScriptTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        // The fake copies the file when its sleep ends (bash runs a trap between commands): the second copy may trail the script.
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(snapshots, "target-2")), TimeSpan.FromSeconds(5), () => "the second SIGHUP never arrived");
        Assert.Matches(@"due at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", result.Stdout);
        Assert.Equal(["target-1", "target-2"], Directory.GetFiles(snapshots).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var flooded = YamlDocuments.Load(Path.Combine(snapshots, "target-1")).Single().Items("jobs");
        Assert.Equal([Command, Command], flooded.Where(j => j.Text("name")!.StartsWith("flood-", StringComparison.Ordinal)).Select(j => j.Text("command")));
        var validation = await ExternalCommand.KcronAsync(["validate", Path.Combine(snapshots, "target-1")], ScriptTimeout);
        Assert.True(validation.ExitCode == 0, validation.ToString());
        Assert.Equal(original, await File.ReadAllBytesAsync(jobs));
        Directory.Delete(snapshots, recursive: true);
    }

    [Theory]
    [InlineData("--run-seconds", "2", "--command", "true")]
    [InlineData("--metrics-ports", "9464,x", "--count", "2")]
    [InlineData("--metrics-ports", "9464", "--compose", "compose-multi-broker/docker-compose.yml")]
    public async Task Flood_ConflictingOrBadOptions_AreRefusedBeforeTheFileIsTouched(string option, string value, string other, string otherValue)
    {
        var jobs = _compose.JobFile("jobs:\n  - name: a\n    schedule: \"@every 2s\"\n    cluster: cluster-a\n    command: echo hi");
        var before = await File.ReadAllBytesAsync(jobs);

        var result = await ExternalCommand.BashAsync("chaos/flood.sh", ["--jobs", jobs, option, value, other, otherValue], ScriptTimeout, _compose.Environment);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("flood: ", StringComparison.Ordinal));
        Assert.Equal(before, await File.ReadAllBytesAsync(jobs));
    }

    [SkippableFact]
    public async Task MatrixCompose_RunCutShortWithTheDrillJobInTheFile_RestoresTheFileAndReloadsTheSchedulers()
    {
        ExternalCommand.Require("kcat");
        var jobs = _compose.JobFile("jobs:\n  - name: a\n    schedule: \"@every 2s\"\n    cluster: cluster-a\n    command: echo hi");
        var original = await File.ReadAllBytesAsync(jobs);
        _compose.RunningServices("scheduler-1", "scheduler-2", "kafka-1");
        var seen = Path.Combine(_compose.Root, "dotnet-saw");
        // The test host, killed mid-drill: it saw where to go, added the drill job, and never restored the file.
        _compose.Tool("dotnet", $$"""
            #!/usr/bin/env bash
            printf '%s\n%s\n%s\n' "$KCRON_CHAOS_COMPOSE" "$KCRON_CHAOS_JOBS" "$*" > '{{seen}}'
            printf '  - name: chaos-all\n' >> "$KCRON_CHAOS_JOBS"
            exit 130
            """);
        var environment = new Dictionary<string, string>(_compose.Environment) { ["KCRON_CHAOS_TABLE"] = Path.Combine(_compose.Root, "chaos.md") };

        var result = await ExternalCommand.BashAsync("chaos/matrix.sh", ["Release", "garbage", "--compose", _compose.ComposeFile, "--jobs", jobs], ScriptTimeout, environment);

        Assert.True(result.ExitCode == 130, result.ToString());
        var saw = await File.ReadAllLinesAsync(seen);
        Assert.Equal(Path.GetFullPath(_compose.ComposeFile), saw[0]);
        Assert.Equal(Path.GetFullPath(jobs), saw[1]);
        Assert.Contains("--filter Category=Chaos&DisplayName~garbage", saw[2], StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllBytesAsync(jobs));
        Assert.Equal("kill -s SIGHUP scheduler-1 scheduler-2", _compose.Calls[^1]);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(jobs)!));
    }

    [Theory]
    [InlineData("--jobs", "examples/jobs.yaml")]
    [InlineData("--compose", "no/such/file.yml")]
    public async Task Matrix_BadOptions_ExitTwoWithOneLine(string option, string value)
    {
        var result = await ExternalCommand.BashAsync("chaos/matrix.sh", ["Release", "", option, value], ScriptTimeout);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("matrix: ", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _compose.Dispose();

    /// <summary>
    /// A process pgrep takes for a kcron scheduler serving metrics on <paramref name="port"/> (its command line says so);
    /// at each SIGHUP it copies the job file to <paramref name="snapshot"/>-N.
    /// </summary>
    private static FakeProcess FakeScheduler(int port, string jobs, string snapshot)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "-c", "n=0; trap 'n=$((n + 1)); cp \"$0\" \"$1-$n\"' HUP; while :; do sleep 0.1; done",
                     jobs, snapshot, "kcron", "scheduler", "--metrics-port", port.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        return new FakeProcess(Process.Start(start)!);
    }

    /// <summary>A process the test started, killed when the test ends.</summary>
    private sealed class FakeProcess(Process process) : IDisposable
    {
        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5_000);
            process.Dispose();
        }
    }

    /// <summary>Every shell script of the repository (build output and installed tools aside), and .ci/run.</summary>
    private static IEnumerable<string> ScriptPaths() =>
        Directory.GetFiles(RepositoryPaths.Root, "*.sh", SearchOption.AllDirectories)
            .Append(RepositoryPaths.Of(".ci", "run"))
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "node_modules" or "artifacts" or "bin" or "obj" or ".git"))
            .Order(StringComparer.Ordinal);

    private static TheoryData<string> Rows(IEnumerable<string> values)
    {
        var rows = new TheoryData<string>();
        foreach (var value in values)
        {
            rows.Add(value);
        }

        return rows;
    }
}
