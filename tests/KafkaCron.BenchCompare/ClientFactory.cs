using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.BenchCompare;

/// <summary>KafkaCron's own client factory (so both candidates and the reader use its settings), with what it needs.</summary>
internal sealed class ClientFactory : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly KafkaCronMetrics _metrics;

    private ClientFactory(string bootstrap)
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _metrics = new KafkaCronMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        Factory = new KafkaClientFactory(Options.Create(new KafkaOptions { BootstrapServers = bootstrap }), _metrics,
            NullLogger<KafkaClientFactory>.Instance);
    }

    public KafkaClientFactory Factory { get; }

    public static ClientFactory Create(string bootstrap) => new(bootstrap);

    public void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
    }
}
