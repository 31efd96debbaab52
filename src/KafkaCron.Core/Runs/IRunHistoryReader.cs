namespace KafkaCron.Core.Runs;

/// <summary>
/// Reads a cluster's run history (<c>kcron history</c>, the console): from the offsets of <see cref="RunHistoryQuery.Since"/>
/// to the end each partition had when the read began, never the whole topic and never waiting for more.
/// Undecodable records are skipped and reported in <see cref="RunHistory.Skipped"/>, never fatal.
/// </summary>
public interface IRunHistoryReader
{
    /// <exception cref="Messages.KafkaUnavailableException">Kafka did not answer in time, or the runs topic is missing.</exception>
    Task<RunHistory> ReadAsync(RunHistoryQuery query, CancellationToken cancellationToken);
}
