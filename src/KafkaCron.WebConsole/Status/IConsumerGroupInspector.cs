namespace KafkaCron.WebConsole.Status;

/// <summary>Reads a consumer group's members and its lag on one topic (Kafka's admin API).</summary>
internal interface IConsumerGroupInspector
{
    /// <exception cref="Confluent.Kafka.KafkaException">Kafka did not answer.</exception>
    Task<GroupView> ReadAsync(string group, string topic, TimeSpan timeout, CancellationToken cancellationToken);
}
