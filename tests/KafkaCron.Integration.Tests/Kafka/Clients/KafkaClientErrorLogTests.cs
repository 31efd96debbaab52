using System.Diagnostics.Metrics;
using Confluent.Kafka;
using KafkaCron.Core.Telemetry;
using KafkaCron.Integration.Tests.Worker;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.Integration.Tests.Kafka.Clients;

public sealed class KafkaClientErrorLogTests
{
    [Fact]
    public void ErrorHandler_BrokerRefusesEveryConnection_LogsEachErrorCodeOncePerWindow()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var logs = new CapturingLoggerFactory();
        var clients = new KafkaClientFactory(
            Options.Create(new KafkaOptions { BootstrapServers = $"127.0.0.1:{FreePort.Next()}" }),
            new KafkaCronMetrics(services.GetRequiredService<IMeterFactory>()),
            new Logger<KafkaClientFactory>(logs));
        using var admin = clients.CreateAdminClient("kcron-refused");

        // librdkafka reconnects every 50-100 ms and reports each refusal to the error handler: dozens in two seconds.
        Assert.ThrowsAny<KafkaException>(() => admin.GetMetadata(TimeSpan.FromSeconds(2)));

        var errors = logs.Entries.Where(e => e.EventId == 1001).Select(e => e.Message).ToList();
        Assert.NotEmpty(errors);
        var codes = errors.Select(line => line.Split(": ")[1]).ToList();
        Assert.Equal(codes.Distinct().Count(), codes.Count);
        Assert.All(errors, line => Assert.Contains("(0 similar error(s) held back since the last)", line, StringComparison.Ordinal));
    }
}
