using System.Runtime.InteropServices;
using KafkaCron.Kafka.Native;

namespace KafkaCron.Kafka.Mock;

/// <summary>
/// librdkafka's in-process mock cluster: real Kafka wire protocol on loopback TCP, in memory.
/// It cannot create topics through the admin API, fence transactional producers or fail leaders over by itself;
/// topics are created here and leader moves are explicit.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly Lock _gate = new();
    private IntPtr _handle;
    private IntPtr _cluster;

    private MockKafkaCluster(IntPtr handle, IntPtr cluster, int brokerCount)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(LibrdkafkaNative.MockClusterBootstraps(cluster))
            ?? throw new InvalidOperationException("the mock cluster reported no bootstrap servers");
    }

    public int BrokerCount { get; }

    /// <summary>The brokers' own listeners, e.g. <c>127.0.0.1:40123,127.0.0.1:40124</c>; broker ids count from 1.</summary>
    public string BootstrapServers { get; }

    public static MockKafkaCluster Start(int brokerCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        LibrdkafkaNative.EnsureResolver();

        var errors = new byte[512];
        var conf = LibrdkafkaNative.ConfNew();
        // The handle only hosts the cluster's threads; quiet its logs so a dev terminal stays readable.
        LibrdkafkaNative.ConfSet(conf, "log_level", "3", errors, (UIntPtr)errors.Length);
        var handle = LibrdkafkaNative.KafkaNew(LibrdkafkaNative.ProducerType, conf, errors, (UIntPtr)errors.Length);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("librdkafka refused to create the mock cluster's host handle: " + LibrdkafkaNative.Text(errors));
        }

        var cluster = LibrdkafkaNative.MockClusterNew(handle, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            LibrdkafkaNative.KafkaDestroy(handle);
            throw new InvalidOperationException("librdkafka could not start a mock cluster");
        }

        return new MockKafkaCluster(handle, cluster, brokerCount);
    }

    public IReadOnlyList<(int BrokerId, string Address)> Brokers =>
        BootstrapServers.Split(',').Select((address, index) => (index + 1, address)).ToList();

    public void CreateTopic(string topic, int partitions, int replicationFactor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        Check(LibrdkafkaNative.MockTopicCreate(Cluster, topic, partitions, Math.Min(replicationFactor, BrokerCount)),
            $"create topic {topic}");
    }

    public void SetBrokerDown(int brokerId) => Check(LibrdkafkaNative.MockBrokerSetDown(Cluster, brokerId), $"set broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(LibrdkafkaNative.MockBrokerSetUp(Cluster, brokerId), $"set broker {brokerId} up");

    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(LibrdkafkaNative.MockPartitionSetLeader(Cluster, topic, partition, brokerId),
            $"move leader of {topic}[{partition}] to broker {brokerId}");

    /// <summary>
    /// How long the group coordinator waits for more members before the first rebalance of a new group
    /// (Kafka's group.initial.rebalance.delay.ms, 3 s by default). Tests and the dev stack shorten it.
    /// </summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay) =>
        LibrdkafkaNative.MockGroupInitialRebalanceDelayMs(Cluster, (int)delay.TotalMilliseconds);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero)
            {
                LibrdkafkaNative.MockClusterDestroy(_cluster);
                _cluster = IntPtr.Zero;
            }

            if (_handle != IntPtr.Zero)
            {
                LibrdkafkaNative.KafkaDestroy(_handle);
                _handle = IntPtr.Zero;
            }
        }
    }

    private IntPtr Cluster
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
                return _cluster;
            }
        }
    }

    private static void Check(int errorCode, string action)
    {
        if (errorCode != 0)
        {
            throw new InvalidOperationException($"mock cluster could not {action}: {LibrdkafkaNative.ErrorText(errorCode)}");
        }
    }
}
