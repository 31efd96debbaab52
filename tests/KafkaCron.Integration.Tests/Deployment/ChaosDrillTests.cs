using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>The drills that need only Kafka, run for real against a <c>kcron broker</c> on free loopback ports.</summary>
public sealed class ChaosDrillTests
{
    private static readonly TimeSpan DrillTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Garbage_AgainstMockBroker_WritesFourRecordsTheCodecRefuses()
    {
        ExternalCommand.Require("kcat");
        await using var broker = await BrokerProcess.StartAsync();
        // Above the codec's 1 MiB limit; 10 MiB (the default) behind other records defeats the mock's fetch (README).
        const int big = 2 * 1024 * 1024;

        var result = await ExternalCommand.BashAsync("chaos/garbage.sh",
            ["--bootstrap", broker.BootstrapServers, "--cluster", "cluster-a", "--big-bytes", big.ToString(CultureInfo.InvariantCulture)],
            DrillTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        var records = TopicReader.ReadAll(broker.BootstrapServers, "kcron.jobs.cluster-a", ReadTimeout)
            .ToDictionary(record => record.Message.Key, record => record.Message.Value, StringComparer.Ordinal);
        Assert.Equal(["garbage-oversize", "garbage-random", "garbage-schema", "garbage-truncated"], records.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(big, records["garbage-oversize"].Length);
        Assert.Equal(512, records["garbage-random"].Length);
        Assert.Contains("\"schemaVersion\":99", Encoding.UTF8.GetString(records["garbage-schema"]), StringComparison.Ordinal);
        Assert.All(records, record => Assert.False(FireMessageCodec.Decode(record.Value, "cluster-a").IsSuccess,
            $"{record.Key} decoded as a valid fire; the drill would show nothing"));
    }

    [Fact]
    public async Task BrokerDown_AgainstMockBroker_TakesTheBrokerDownThenBringsItBack()
    {
        await using var broker = await BrokerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = broker.ControlUrl };

        var drill = ExternalCommand.BashAsync("chaos/broker-down.sh",
            ["--control", broker.ControlUrl.ToString(), "--broker", "2", "--seconds", "3"], DrillTimeout);
        var sawDown = false;
        while (!drill.IsCompleted && !sawDown)
        {
            sawDown = !await IsUpAsync(http, 2);
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        var result = await drill;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(sawDown, "broker 2 was never reported down while the drill ran");
        Assert.True(await IsUpAsync(http, 2), "broker 2 is still down after the drill");
    }

    [Fact]
    public async Task MoveLeader_AgainstMockBroker_MakesTheBrokerLeadThePartition()
    {
        await using var broker = await BrokerProcess.StartAsync();

        var result = await ExternalCommand.BashAsync("chaos/move-leader.sh",
            ["--control", broker.ControlUrl.ToString(), "--to", "3", "--topic", "kcron.jobs.cluster-b", "--partition", "1"], DrillTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var partition = admin.GetMetadata("kcron.jobs.cluster-b", ReadTimeout).Topics.Single().Partitions.Single(p => p.PartitionId == 1);
        Assert.Equal(3, partition.Leader);
    }

    private static async Task<bool> IsUpAsync(HttpClient http, int brokerId)
    {
        var status = await http.GetFromJsonAsync<JsonElement>(new Uri("status", UriKind.Relative));
        return status.GetProperty("brokers").EnumerateArray().Single(b => b.GetProperty("id").GetInt32() == brokerId).GetProperty("up").GetBoolean();
    }
}
