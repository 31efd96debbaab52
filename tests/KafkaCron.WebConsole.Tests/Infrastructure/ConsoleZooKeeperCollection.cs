using KafkaCron.ZooKeeper.Tests.Fixtures;

namespace KafkaCron.WebConsole.Tests.Infrastructure;

/// <summary>The console tests that read a real election share one ZooKeeper server (the ZooKeeper suite's fixture).</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleZooKeeperCollection : ICollectionFixture<ZooKeeperFixture>
{
    public const string Name = "console-zookeeper";
}
