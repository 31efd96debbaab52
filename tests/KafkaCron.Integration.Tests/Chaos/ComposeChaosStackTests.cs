using System.Text.Json;
using KafkaCron.Integration.Tests.Deployment;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>A mock Kafka for the compose drills that write to the host listener (garbage.sh) or read the topics.</summary>
public sealed class ComposeMockBroker : IAsyncLifetime
{
    internal BrokerProcess Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await BrokerProcess.StartAsync(2, ComposeChaosStack.Cluster);

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

/// <summary>
/// What `make chaos ARGS="--compose FILE"` does to a compose stack, without Docker (there is no engine here): every
/// drill's break runs against a stub docker-compose that records each command, and the commands must name the
/// drill's own services; attaching adds the drill job, reloads the schedulers, counts the runs the workers log,
/// and restores the job file. What a real engine and real Kafka answer is not tested here (docs/chaos-results.md).
/// </summary>
public sealed class ComposeChaosStackTests : IClassFixture<ComposeMockBroker>, IDisposable
{
    /// <summary>What each drill must ask of docker-compose (lookups such as ps, port, logs and a ZooKeeper's status aside), in any order.</summary>
    private static readonly Dictionary<string, string[]> Expected = new(StringComparer.Ordinal)
    {
        ["brokers-1-of-3-down"] = ["stop kafka-1", "start kafka-1"],
        ["brokers-2-of-3-down"] = ["stop kafka-1", "start kafka-1", "stop kafka-2", "start kafka-2"],
        ["brokers-3-of-3-down"] = ["stop kafka-1", "start kafka-1", "stop kafka-2", "start kafka-2", "stop kafka-3", "start kafka-3"],
        ["zookeeper-1-down"] = ["kill -s SIGKILL zookeeper-1", "start zookeeper-1"],
        ["zookeeper-quorum-lost"] = ["kill -s SIGKILL zookeeper-1 zookeeper-2", "start zookeeper-1 zookeeper-2"],
        ["leader-sigkill"] = ["kill -s SIGKILL scheduler-2", "start scheduler-2"],
        ["leader-sigstop"] = ["pause scheduler-2", "unpause scheduler-2"],
        ["garbage"] = [],
        ["flood"] = ["kill -s SIGHUP scheduler-1 scheduler-2", "kill -s SIGHUP scheduler-1 scheduler-2"],
        ["prometheus-down"] = ["kill -s SIGKILL prometheus", "start prometheus"],
        ["alertmanager-down"] = ["kill -s SIGKILL alertmanager", "start alertmanager"],
    };

    private static readonly ChaosStackTraits Quick = ComposeChaosStack.ComposeTraits with
    {
        BreakFor = TimeSpan.FromSeconds(1),
        SchedulerSession = TimeSpan.FromSeconds(1),
        MonitoringDownFor = TimeSpan.FromSeconds(2),
    };

    private readonly StubCompose _compose = new();
    private readonly MetricsEndpoint _standby = MetricsEndpoint.Start("kcron_scheduler_leader 0\n");
    private readonly MetricsEndpoint _leader = MetricsEndpoint.Start("kcron_scheduler_leader 1\n");
    private readonly MetricsEndpoint _monitoring = MetricsEndpoint.Start("ready\n");
    private readonly ComposeChaosStack _stack;
    private readonly string _jobs;

    public ComposeChaosStackTests(ComposeMockBroker kafka)
    {
        _compose.RunningServices("kafka-1", "kafka-2", "kafka-3", "zookeeper-1", "zookeeper-2", "zookeeper-3", "scheduler-1", "scheduler-2",
            "worker-cluster-a-1", "worker-cluster-a-2", "worker-cluster-a-retry", "prometheus", "alertmanager");
        _compose.PublishedPort("scheduler-1", _standby.Address);
        _compose.PublishedPort("scheduler-2", _leader.Address);
        _jobs = _compose.JobFile(StubCompose.SampleJobs);
        var monitoring = new Uri($"http://{_monitoring.Address}/");
        _stack = new ComposeChaosStack(_compose.ComposeFile, _jobs, new ComposeEndpoints(kafka.Broker.BootstrapServers, monitoring, monitoring),
            _compose.Environment, Quick);
    }

    public static TheoryData<string> Drills => new(Expected.Keys);

    [SkippableTheory]
    [MemberData(nameof(Drills))]
    public async Task Break_OnAComposeStack_AsksDockerComposeForTheDrillsOwnServices(string drill)
    {
        ExternalCommand.Require("kcat");

        await ChaosDrills.Named(_stack.Traits, drill).BreakAsync(_stack);

        Assert.Equal(Expected[drill].Order(StringComparer.Ordinal), Changes().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Break_WorkerKilled_StartsTheSameWorkerAgain()
    {
        await ChaosDrills.Named(_stack.Traits, "worker-sigkill").BreakAsync(_stack);

        var changes = Changes();
        Assert.Equal(2, changes.Count);
        Assert.Matches("^kill -s SIGKILL (worker-cluster-a-[12])$", changes[0]);
        Assert.Equal("start " + changes[0]["kill -s SIGKILL ".Length..], changes[1]);
    }

    [Fact]
    public async Task Break_LeaderMoved_ReassignsBothPartitionsInsideTheTargetBroker()
    {
        await ChaosDrills.Named(_stack.Traits, "leader-moved").BreakAsync(_stack);

        var exec = Changes();
        Assert.Equal(2, exec.Count);
        Assert.All(exec, call => Assert.StartsWith("exec -T kafka-3 bash -c", call, StringComparison.Ordinal));
        Assert.Contains(exec, call => call.Contains("\"partition\":0,\"replicas\":[3,", StringComparison.Ordinal));
        Assert.Contains(exec, call => call.Contains("\"partition\":1,\"replicas\":[3,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Break_ZooKeeperDown_WaitsUntilTheNodeServesAgain()
    {
        await ChaosDrills.Named(_stack.Traits, "zookeeper-1-down").BreakAsync(_stack);

        Assert.Equal("exec -T zookeeper-1 zkServer.sh status", _compose.Calls[^1]);
    }

    [Fact]
    public async Task Attach_ARunningStack_AddsTheDrillJobReloadsTheSchedulersCountsLoggedRunsAndRestoresTheFile()
    {
        var original = await File.ReadAllBytesAsync(_jobs);
        _compose.Logs(Enumerable.Range(1, 3).Select(s =>
            $"worker-cluster-a-1  | 12:00:0{s}.100 info: KafkaCron.Worker[2020] Job chaos-all (partition 0 offset {s}) fire f{s} attempt 1 succeeded ... " +
            $"stdout tail (90 bytes in all): kcron-drill-run chaos-all 2026-12-03T12:00:0{s}Z f{s} worker-cluster-a-1 1796299200{s}00  stderr tail (0 bytes in all): "));

        await _stack.AttachAsync();
        var withDrillJob = await File.ReadAllTextAsync(_jobs);
        var validation = await ExternalCommand.KcronAsync(["validate", _jobs], TimeSpan.FromSeconds(30));
        var runs = _stack.Runs();
        await _stack.DisposeAsync();

        Assert.True(validation.ExitCode == 0, validation.ToString());
        Assert.Contains("- name: chaos-all", withDrillJob, StringComparison.Ordinal);
        Assert.Equal(["f1", "f2", "f3"], runs.Select(r => r.FireId));
        Assert.Equal(["kill -s SIGHUP scheduler-1 scheduler-2", "kill -s SIGHUP scheduler-1 scheduler-2"], Changes());
        Assert.Equal(original, await File.ReadAllBytesAsync(_jobs));
    }

    [Fact]
    public void Compare_AlertsAppearingAndDisappearing_AreFiringThenResolved()
    {
        var first = JsonDocument.Parse("""[{"labels":{"alertname":"Watchdog","severity":"none"}},{"labels":{"alertname":"KcronNoLeader","severity":"critical"}}]""").RootElement;
        var second = JsonDocument.Parse("""[{"labels":{"alertname":"Watchdog","severity":"none"}}]""").RootElement;

        var (active, fired) = AlertmanagerPoller.Compare(new Dictionary<string, DeliveredAlert>(), first, TimeSpan.FromSeconds(1));
        var (_, changed) = AlertmanagerPoller.Compare(active, second, TimeSpan.FromSeconds(9));

        Assert.Equal(["Watchdog firing 1", "KcronNoLeader firing 1"], fired.Select(Describe));
        Assert.Equal(["KcronNoLeader resolved 9"], changed.Select(Describe));
    }

    public void Dispose()
    {
        _stack.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _standby.Dispose();
        _leader.Dispose();
        _monitoring.Dispose();
        _compose.Dispose();
    }

    private static string Describe(DeliveredAlert alert) => $"{alert.Name} {alert.Status} {alert.ReceivedAt.TotalSeconds:F0}";

    /// <summary>The calls that change the stack: lookups (ps, port, logs, a ZooKeeper's status) aside.</summary>
    private List<string> Changes() =>
        [.. _compose.Calls.Where(call => !call.StartsWith("ps ", StringComparison.Ordinal) && !call.StartsWith("port ", StringComparison.Ordinal)
                                         && !call.StartsWith("logs ", StringComparison.Ordinal) && !call.EndsWith("zkServer.sh status", StringComparison.Ordinal))];
}
