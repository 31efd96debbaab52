namespace KafkaCron.Core.Control;

/// <summary>Reads the control topic once, to the end it has when the read begins (<c>kcron status</c>, <c>kcron pause</c>, the console).</summary>
public interface IPauseStateReader
{
    /// <exception cref="Messages.KafkaUnavailableException">Kafka did not answer in time, or the control topic is missing.</exception>
    Task<ControlTopicState> ReadAsync(CancellationToken cancellationToken);
}
