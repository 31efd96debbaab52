using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Broker;

public sealed class BrokerCommandTests
{
    [Fact]
    public async Task Broker_Started_ServesTopicsOnTheFixedBootstrapPort()
    {
        await using var broker = await BrokerProcess.StartAsync(partitions: 3, "alpha");

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(20));

        Assert.Equal(3, metadata.Brokers.Count);
        var topics = metadata.Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
        Assert.Equal(3, topics["kcron.jobs.alpha"]);
        Assert.Equal(3, topics["kcron.retry.alpha"]);
        Assert.Equal(3, topics["kcron.dead.alpha"]);
    }

    [Fact]
    public async Task Broker_JobsFile_CreatesTheTopicsOfEveryClusterItDeclares()
    {
        var jobs = Path.Combine(Directory.CreateTempSubdirectory("kcron-broker-").FullName, "jobs.yaml");
        await File.WriteAllTextAsync(jobs, """
            clusters: [gamma, delta]
            jobs:
              - name: ping
                schedule: "@every 1s"
                cluster: gamma
                command: "true"
            """);
        await using var broker = await BrokerProcess.StartWithJobsAsync(jobs, partitions: 4);

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var topics = admin.GetMetadata(TimeSpan.FromSeconds(20)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);

        Assert.Equal(4, topics["kcron.jobs.gamma"]);
        Assert.Equal(4, topics["kcron.dead.delta"]);
        Assert.DoesNotContain("kcron.jobs.cluster-a", topics.Keys);
    }

    [Theory]
    [InlineData("broker")]
    [InlineData("dev")]
    public void MockClusterCommand_BootstrapPortTaken_SaysSoInOneLineWithExitCode2(string command)
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] args = command == "dev"
            ? ["dev", "--jobs", Cli.Kcron.Example("jobs.yaml"), "--port", port, "--metrics-port", "0"]
            : ["broker", "--port", port];

        var run = Cli.Kcron.Run([.. args, "--control-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"kcron {command}: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Contains(port, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_BrokerDown_IsReportedAndBootstrapSkipsIt()
    {
        await using var broker = await BrokerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = broker.ControlUrl };

        using var down = await http.PostAsync(new Uri("brokers/1/down", UriKind.Relative), content: null);
        down.EnsureSuccessStatusCode();
        var status = await http.GetFromJsonAsync<JsonElement>(new Uri("status", UriKind.Relative));

        var brokerOne = status.GetProperty("brokers").EnumerateArray().Single(b => b.GetProperty("id").GetInt32() == 1);
        Assert.False(brokerOne.GetProperty("up").GetBoolean());
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        Assert.NotEmpty(admin.GetMetadata(TimeSpan.FromSeconds(20)).Topics);
    }

    [Fact]
    public async Task Control_UnknownBroker_IsABadRequestNamingIt()
    {
        await using var broker = await BrokerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = broker.ControlUrl };

        using var response = await http.PostAsync(new Uri("brokers/7/down", UriKind.Relative), content: null);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no broker 7", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_MoveLeader_ChangesThePartitionLeaderInMetadata()
    {
        await using var broker = await BrokerProcess.StartAsync(partitions: 2, "alpha");
        using var http = new HttpClient { BaseAddress = broker.ControlUrl };

        foreach (var target in new[] { 2, 3 })
        {
            using var moved = await http.PostAsync(new Uri($"topics/kcron.jobs.alpha/partitions/0/leader/{target}", UriKind.Relative), content: null);
            moved.EnsureSuccessStatusCode();
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
            var partition = admin.GetMetadata("kcron.jobs.alpha", TimeSpan.FromSeconds(20)).Topics.Single().Partitions.Single(p => p.PartitionId == 0);
            Assert.Equal(target, partition.Leader);
        }
    }
}
