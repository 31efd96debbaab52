using KafkaCron.ZooKeeper.Status;

namespace KafkaCron.WebConsole.Status;

/// <summary>Reads the scheduler replicas' election in ZooKeeper: what <c>kcron status</c> shows.</summary>
internal interface IElectionReader
{
    /// <exception cref="KafkaCron.ZooKeeper.Client.ZooKeeperException">ZooKeeper did not answer.</exception>
    Task<ElectionStatus> ReadAsync(CancellationToken cancellationToken);
}
