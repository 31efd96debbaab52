using System.Net;

namespace KafkaCron.Kafka.Mock;

public sealed record MockBrokerOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The fixed bootstrap port; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = 9092;

    public int BrokerCount { get; init; } = 3;

    public IReadOnlyList<(string Topic, int Partitions)> Topics { get; init; } = [];

    /// <summary>Kafka's default is 3 s; a local cluster has no members to wait for.</summary>
    public TimeSpan GroupInitialRebalanceDelay { get; init; } = TimeSpan.FromMilliseconds(100);
}
