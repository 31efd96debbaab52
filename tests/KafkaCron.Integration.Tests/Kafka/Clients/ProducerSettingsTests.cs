using System.Diagnostics.Metrics;
using Confluent.Kafka;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.Integration.Tests.Kafka.Clients;

public sealed class ProducerSettingsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public void ProducerSettings_NothingSet_LingersOneMillisecond()
    {
        var config = Factory([]).ProducerSettings("kcron-test");

        Assert.Equal(1, config.LingerMs);
    }

    [Theory]
    [InlineData("linger.ms")]
    [InlineData("queue.buffering.max.ms")]
    public void ProducerSettings_OperatorSetsLinger_TheOperatorsValueIsUsed(string key)
    {
        var config = Factory(new() { [key] = "5" }).ProducerSettings("kcron-test");

        Assert.Equal("5", config.Get(key));
        Assert.Null(key == "linger.ms" ? config.Get("queue.buffering.max.ms") : config.Get("linger.ms"));
    }

    [Fact]
    public void ProducerSettings_OperatorWeakensAGuarantee_KafkaCronsGuaranteeWins()
    {
        var config = Factory(new() { ["acks"] = "1", ["enable.idempotence"] = "false", ["message.timeout.ms"] = "1" })
            .ProducerSettings("kcron-test", TimeSpan.FromSeconds(20));

        Assert.Equal(Acks.All, config.Acks);
        Assert.True(config.EnableIdempotence);
        Assert.Equal(20_000, config.MessageTimeoutMs);
    }

    [Fact]
    public void CreateFireProducer_OperatorsLingerIsInvalid_LibrdkafkaRefusesItByName()
    {
        // Proves the operator's value reaches the scheduler's own producer rather than being replaced by 1 ms.
        var refused = Assert.Throws<ArgumentException>(() => Factory(new() { ["linger.ms"] = "-5" }).CreateFireProducer("kcron-test").Dispose());

        Assert.Contains("linger.ms", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _services.Dispose();

    private KafkaClientFactory Factory(Dictionary<string, string> client) => new(
        Options.Create(new KafkaOptions { BootstrapServers = "127.0.0.1:1", Client = client }),
        new KafkaCronMetrics(_services.GetRequiredService<IMeterFactory>()),
        NullLogger<KafkaClientFactory>.Instance);
}
