namespace KafkaCron.ZooKeeper.Tests.Fixtures;

/// <summary>One standalone ZooKeeper shared by a collection; tests keep apart by using their own paths.</summary>
public sealed class ZooKeeperFixture : IAsyncLifetime
{
    public ZooKeeperServerProcess? Server { get; private set; }

    public string ConnectionString => Server?.ConnectionString ?? throw new InvalidOperationException(ZooKeeperServerProcess.UnavailableReason);

    public async Task InitializeAsync()
    {
        if (ZooKeeperServerProcess.UnavailableReason is not null)
        {
            return;
        }

        Server = ZooKeeperServerProcess.Standalone();
        Server.Start();
        await Server.WaitUntilServingAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    public void SkipIfUnavailable() => Skip.If(Server is null, ZooKeeperServerProcess.UnavailableReason);
}

[CollectionDefinition(Name)]
public sealed class ZooKeeperCollection : ICollectionFixture<ZooKeeperFixture>
{
    public const string Name = "zookeeper";
}
