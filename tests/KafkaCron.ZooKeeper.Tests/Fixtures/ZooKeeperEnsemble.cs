namespace KafkaCron.ZooKeeper.Tests.Fixtures;

/// <summary>A three-server ZooKeeper ensemble on loopback, started fresh for a test class.</summary>
public sealed class ZooKeeperEnsemble : IAsyncLifetime
{
    public IReadOnlyList<ZooKeeperServerProcess> Servers { get; private set; } = [];

    public string ConnectionString => string.Join(',', Servers.Select(s => s.ConnectionString));

    public async Task InitializeAsync()
    {
        if (ZooKeeperServerProcess.UnavailableReason is not null)
        {
            return;
        }

        Servers = ZooKeeperServerProcess.Ensemble(3);
        foreach (var server in Servers)
        {
            server.Start();
        }

        await Task.WhenAll(Servers.Select(s => s.WaitUntilServingAsync(TimeSpan.FromSeconds(40))));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }
    }

    public void SkipIfUnavailable() => Skip.If(Servers.Count == 0, ZooKeeperServerProcess.UnavailableReason);
}
