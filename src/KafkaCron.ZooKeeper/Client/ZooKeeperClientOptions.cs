namespace KafkaCron.ZooKeeper.Client;

/// <summary>What a client session needs: where the ensemble is and the session timeout to ask for.</summary>
internal sealed record ZooKeeperClientOptions(IReadOnlyList<ServerAddress> Servers, TimeSpan SessionTimeout)
{
    public static ZooKeeperClientOptions Parse(string connectionString, TimeSpan sessionTimeout) =>
        new(ServerAddress.ParseList(connectionString), sessionTimeout);

    public override string ToString() => string.Join(',', Servers);
}
