using System.Net;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Mock;

/// <summary>
/// A local Kafka for development and tests: the mock cluster, its topics, a fixed bootstrap port, and the drill
/// operations (broker down/up, leader moves) that chaos tests use.
/// </summary>
public sealed class MockBroker : IAsyncDisposable
{
    private readonly MockKafkaCluster _cluster;
    private readonly BootstrapForwarder _forwarder;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly HashSet<int> _down = [];
    private readonly Dictionary<string, int> _topics = new(StringComparer.Ordinal);

    private MockBroker(MockKafkaCluster cluster, IPAddress address, int port, ILogger logger)
    {
        _cluster = cluster;
        _logger = logger;
        _forwarder = BootstrapForwarder.Start(address, port, UpBrokerAddresses, logger);
        BootstrapServers = FormattableString.Invariant($"{address}:{_forwarder.Port}");
    }

    /// <summary>The fixed bootstrap address clients use, e.g. <c>127.0.0.1:9092</c>.</summary>
    public string BootstrapServers { get; }

    /// <exception cref="PortInUseException">The bootstrap port is taken.</exception>
    public static MockBroker Start(MockBrokerOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cluster = MockKafkaCluster.Start(options.BrokerCount);
        try
        {
            cluster.SetGroupInitialRebalanceDelay(options.GroupInitialRebalanceDelay);
            var broker = new MockBroker(cluster, options.Address, options.Port, logger);
            foreach (var (topic, partitions) in options.Topics)
            {
                broker.CreateTopic(topic, partitions);
            }

            return broker;
        }
        catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            cluster.Dispose();
            throw new PortInUseException(FormattableString.Invariant(
                $"bootstrap port {options.Port} on {options.Address} is already in use (another kcron broker, kcron dev or Kafka?); choose another with --port"), ex);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public MockBrokerStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new MockBrokerStatus(
                    BootstrapServers,
                    _cluster.Brokers.Select(b => new MockBrokerNode(b.BrokerId, b.Address, !_down.Contains(b.BrokerId))).ToList(),
                    _topics.Select(t => new MockTopic(t.Key, t.Value)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList());
            }
        }
    }

    public void CreateTopic(string topic, int partitions)
    {
        lock (_gate)
        {
            _cluster.CreateTopic(topic, partitions, _cluster.BrokerCount);
            _topics[topic] = partitions;
        }
    }

    public void SetBrokerDown(int brokerId)
    {
        lock (_gate)
        {
            RequireBroker(brokerId);
            _cluster.SetBrokerDown(brokerId);
            _down.Add(brokerId);
        }

        MockLog.BrokerStateChanged(_logger, brokerId, "down");
    }

    public void SetBrokerUp(int brokerId)
    {
        lock (_gate)
        {
            RequireBroker(brokerId);
            _cluster.SetBrokerUp(brokerId);
            _down.Remove(brokerId);
        }

        MockLog.BrokerStateChanged(_logger, brokerId, "up");
    }

    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        lock (_gate)
        {
            RequireBroker(brokerId);
            if (!_topics.TryGetValue(topic, out var partitions) || partition < 0 || partition >= partitions)
            {
                throw new ArgumentException($"no partition {partition} of topic {topic}");
            }

            _cluster.SetPartitionLeader(topic, partition, brokerId);
        }

        MockLog.LeaderMoved(_logger, topic, partition, brokerId);
    }

    public async ValueTask DisposeAsync()
    {
        await _forwarder.DisposeAsync();
        _cluster.Dispose();
    }

    private IReadOnlyList<string> UpBrokerAddresses()
    {
        lock (_gate)
        {
            return _cluster.Brokers.Where(b => !_down.Contains(b.BrokerId)).Select(b => b.Address).ToList();
        }
    }

    private void RequireBroker(int brokerId)
    {
        if (brokerId < 1 || brokerId > _cluster.BrokerCount)
        {
            throw new ArgumentException($"no broker {brokerId}: brokers are 1..{_cluster.BrokerCount}");
        }
    }
}
