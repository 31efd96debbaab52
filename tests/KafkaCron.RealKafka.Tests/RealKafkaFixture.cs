using DotNet.Testcontainers.Builders;
using Testcontainers.Kafka;

namespace KafkaCron.RealKafka.Tests;

/// <summary>
/// One real Kafka broker in a container for the whole suite. Where no Docker engine answers, the fixture records
/// why and every test skips with that reason instead of failing or pretending to pass.
/// </summary>
public sealed class RealKafkaFixture : IAsyncLifetime
{
    // Pinned: a floating tag would change the broker under the tests.
    public const string Image = "confluentinc/cp-kafka:7.7.1";

    private KafkaContainer? _container;

    public string? SkipReason { get; private set; }

    public string BootstrapServers => _container?.GetBootstrapAddress().Replace("PLAINTEXT://", string.Empty, StringComparison.Ordinal)
        ?? throw new InvalidOperationException("no Kafka container: " + SkipReason);

    public async Task InitializeAsync()
    {
        try
        {
            _container = new KafkaBuilder(Image).Build();
            await _container.StartAsync();
        }
        catch (DockerUnavailableException ex)
        {
            SkipReason = "no Docker engine answers on this machine, so no real Kafka can be started (" + ex.Message.Split('\n')[0] + "); the same scenarios run against the mock cluster in KafkaCron.Integration.Tests";
            _container = null;
        }
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealKafkaCollection : ICollectionFixture<RealKafkaFixture>
{
    public const string Name = "real-kafka";
}
