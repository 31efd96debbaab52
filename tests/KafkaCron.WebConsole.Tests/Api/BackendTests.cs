using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Kafka.Mock;
using KafkaCron.WebConsole.Tests.Infrastructure;
using KafkaCron.ZooKeeper.Election;
using KafkaCron.ZooKeeper.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaCron.WebConsole.Tests.Api;

/// <summary>
/// The console on real backends: librdkafka's mock cluster (dead letters, replay, group lag) and a real
/// ZooKeeper election (leader, epoch, standbys), read through the same library code as the CLI.
/// </summary>
[Collection(ConsoleZooKeeperCollection.Name)]
public sealed class BackendTests(ZooKeeperFixture zookeeper) : IAsyncLifetime, IDisposable
{
    private const string Cluster = "cluster-a";
    private readonly TestFiles _files = new();
    private MockKafkaCluster _kafka = null!;
    private ConsoleServer _console = null!;

    public async Task InitializeAsync()
    {
        _kafka = MockKafkaCluster.Start(1);
        foreach (var topic in new[] { "jobs", "retry", "dead" }.SelectMany(kind => new[] { $"kcron.{kind}.cluster-a", $"kcron.{kind}.cluster-b" }))
        {
            _kafka.CreateTopic(topic, 2, 1);
        }

        _console = await ConsoleServer.StartAsync(new ConsoleSetup
        {
            BootstrapServers = _kafka.BootstrapServers, JobsFile = _files.JobsFile, TokenFile = _files.TokenFile,
            ZooKeeper = zookeeper.Server?.ConnectionString, Deployment = "console-" + Guid.NewGuid().ToString("N")[..8],
        });
    }

    public async Task DisposeAsync()
    {
        await _console.DisposeAsync();
        _kafka.Dispose();
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task DeadLetters_OnKafka_ListedAndReplayedToTheJobsTopic()
    {
        var now = DateTimeOffset.UtcNow;
        await ProduceAsync($"kcron.dead.{Cluster}", "heartbeat", FireMessageCodec.Encode(new DeadLetter
        {
            Reason = "attempts-exhausted", Detail = "exit code 2", SourceTopic = $"kcron.retry.{Cluster}", DeadLetteredAt = now,
            Fire = new FireMessage { FireId = "dl-1", Job = "heartbeat", Cluster = Cluster, Command = "false", ScheduledAt = now, PublishedAt = now, Attempt = 3 },
        }));

        using var list = await _console.Client.GetAsync(new Uri($"/api/v1/dead-letters?cluster={Cluster}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var row = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("deadLetters").EnumerateArray().Single();
        Assert.Equal("dl-1", row.GetProperty("fireId").GetString());
        Assert.Equal("exit code 2", row.GetProperty("detail").GetString());

        using var replay = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/dead-letters/dl-1/replay?cluster={Cluster}", UriKind.Relative));
        replay.Headers.Authorization = new("Bearer", TestFiles.Token);
        using var replayed = await _console.Client.SendAsync(replay);
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);

        var fire = Assert.Single(ReadAll($"kcron.jobs.{Cluster}"));
        var decoded = FireMessageCodec.Decode(fire, Cluster);
        Assert.True(decoded.IsSuccess);
        Assert.Equal(("dl-1", 1), (decoded.Fire!.FireId, decoded.Fire.Attempt));
    }

    [SkippableFact]
    public async Task Status_OnKafkaAndZooKeeper_LeaderEpochLagAndWorkers()
    {
        zookeeper.SkipIfUnavailable();
        var deployment = _console.Services.GetService(typeof(Microsoft.Extensions.Options.IOptions<ConsoleOptions>)) is Microsoft.Extensions.Options.IOptions<ConsoleOptions> o
            ? o.Value.Deployment : throw new InvalidOperationException();
        await using var elector = new ZooKeeperLeaderElector(new ZooKeeperElectionOptions
        {
            ConnectionString = zookeeper.ConnectionString, DeploymentId = deployment, ReplicaId = "scheduler-0", SessionTimeout = TimeSpan.FromSeconds(4),
        }, TimeProvider.System, NullLogger<ZooKeeperLeaderElector>.Instance);
        var leadership = await elector.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        for (var i = 0; i < 5; i++)
        {
            await ProduceAsync($"kcron.jobs.{Cluster}", "heartbeat", [1]);
        }

        using var worker = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers, GroupId = $"kcron-{Cluster}", ClientId = "kcron-worker-w1",
            AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false, FetchWaitMaxMs = 10,
        }).Build();
        worker.Subscribe($"kcron.jobs.{Cluster}");
        var first = worker.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("the worker got no record");
        worker.Commit([new TopicPartitionOffset(first.TopicPartition, first.Offset + 1)]);

        using var response = await _console.Client.GetAsync(new Uri("/api/v1/status", UriKind.Relative));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var election = json.GetProperty("election");
        Assert.Equal("scheduler-0", election.GetProperty("leader").GetString());
        Assert.Equal(leadership.Epoch, election.GetProperty("epoch").GetInt64());
        var group = json.GetProperty("clusters").EnumerateArray().First().GetProperty("groups").EnumerateArray().First();
        Assert.Equal($"kcron-{Cluster}", group.GetProperty("group").GetString());
        Assert.Equal(4, group.GetProperty("totalLag").GetInt64());
        // librdkafka's mock cluster cannot describe groups: the members are unknown there, and said to be.
        Assert.Equal(JsonValueKind.Null, group.GetProperty("members").ValueKind);
        Assert.Equal("Unknown", group.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/v1/jobs")]
    [InlineData("GET", "/api/v1/jobs/heartbeat/runs")]
    [InlineData("GET", "/api/v1/dead-letters?cluster=cluster-a")]
    [InlineData("GET", "/api/v1/status")]
    [InlineData("POST", "/api/v1/jobs/heartbeat/trigger")]
    [InlineData("POST", "/api/v1/jobs/heartbeat/pause")]
    [InlineData("POST", "/api/v1/jobs/heartbeat/resume")]
    public async Task Endpoint_KafkaDown_503WithinTheBackendTimeout(string method, string path)
    {
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var console = await ConsoleServer.StartAsync(new ConsoleSetup
        {
            BootstrapServers = $"127.0.0.1:{port}", JobsFile = _files.JobsFile, TokenFile = _files.TokenFile,
        });
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new("Bearer", TestFiles.Token);
        var started = Stopwatch.GetTimestamp();

        using var response = await console.Client.SendAsync(request);

        await ApiTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "Kafka");
        // The console's timeout is 2 s here; twice that leaves room for a loaded machine, not for an unbounded wait.
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(4 * 2), $"{path} took {Stopwatch.GetElapsedTime(started)}");
    }

    private async Task ProduceAsync(string topic, string key, byte[] value)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = value });
    }

    private List<byte[]> ReadAll(string topic)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers, GroupId = "reader-" + Guid.NewGuid().ToString("N"), EnablePartitionEof = true, FetchWaitMaxMs = 10,
        }).Build();
        consumer.Assign([new TopicPartitionOffset(topic, 0, Offset.Beginning), new TopicPartitionOffset(topic, 1, Offset.Beginning)]);
        var values = new List<byte[]>();
        var ended = new HashSet<int>();
        while (ended.Count < 2)
        {
            var record = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"{topic} did not answer");
            if (record.IsPartitionEOF)
            {
                ended.Add(record.Partition.Value);
            }
            else
            {
                values.Add(record.Message.Value);
            }
        }

        return values;
    }
}
