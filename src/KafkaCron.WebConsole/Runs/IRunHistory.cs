namespace KafkaCron.WebConsole.Runs;

/// <summary>
/// Reads run records from a cluster's runs topic. A port: the console shows what the worker wrote and keeps no copy,
/// so the implementation is the same reader <c>kcron history</c> uses.
/// </summary>
public interface IRunHistory
{
    /// <returns>The newest <see cref="RunQuery.Limit"/> matching records, oldest first.</returns>
    /// <exception cref="Confluent.Kafka.KafkaException">Kafka did not answer.</exception>
    Task<IReadOnlyList<RunRecord>> ReadAsync(RunQuery query, CancellationToken cancellationToken);
}

/// <param name="Job">Null for every job of the cluster.</param>
/// <param name="Since">Null for as far back as the topic keeps.</param>
public sealed record RunQuery(string Cluster, string? Job, DateTimeOffset? Since, int Limit);
