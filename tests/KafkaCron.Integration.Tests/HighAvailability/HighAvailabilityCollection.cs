using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.ZooKeeper.Tests.Fixtures;

namespace KafkaCron.Integration.Tests.HighAvailability;

/// <summary>
/// One real ZooKeeper server and one <c>kcron broker</c> for the high-availability drills. Each test keeps apart by
/// its own deployment id and job names. The drills measure takeover times, so they run alone, not beside other
/// collections on the two cores.
/// </summary>
public sealed class HighAvailabilityFixture : IAsyncLifetime
{
    public ZooKeeperServerProcess? ZooKeeper { get; private set; }

    public BrokerProcess? Broker { get; private set; }

    public string ZooKeeperConnection => ZooKeeper?.ConnectionString ?? throw new InvalidOperationException(ZooKeeperServerProcess.UnavailableReason);

    public string BootstrapServers => Broker?.BootstrapServers ?? throw new InvalidOperationException("the broker did not start");

    public async Task InitializeAsync()
    {
        if (ZooKeeperServerProcess.UnavailableReason is not null)
        {
            return;
        }

        ZooKeeper = ZooKeeperServerProcess.Standalone();
        ZooKeeper.Start();
        Broker = await BrokerProcess.StartAsync(partitions: 2, "cluster-a");
        await ZooKeeper.WaitUntilServingAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }

        if (ZooKeeper is not null)
        {
            await ZooKeeper.DisposeAsync();
        }
    }

    public void SkipIfUnavailable() => Skip.If(ZooKeeper is null, ZooKeeperServerProcess.UnavailableReason);
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HighAvailabilityCollection : ICollectionFixture<HighAvailabilityFixture>
{
    public const string Name = "high-availability";
}
