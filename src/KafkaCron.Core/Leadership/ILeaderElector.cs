namespace KafkaCron.Core.Leadership;

/// <summary>
/// Elects one scheduler replica among many. The ZooKeeper implementation lives in KafkaCron.ZooKeeper; a
/// Kafka-native one (Kafka 4 has no ZooKeeper) can implement the same contract.
/// </summary>
public interface ILeaderElector : IAsyncDisposable
{
    /// <summary>
    /// Waits until this replica leads and returns the term. Retries by itself while the coordination service is
    /// unreachable; only <paramref name="ct"/> ends the wait early. At most one term is held at a time: dispose
    /// (or lose) the previous one before acquiring again.
    /// </summary>
    Task<ILeadership> AcquireAsync(CancellationToken ct);
}
