using KafkaCron.Core.Messages;

namespace KafkaCron.WebConsole.DeadLetters;

/// <summary>A cluster's dead-letter topic: read its newest records, put fires back on the jobs topic.</summary>
internal interface IDeadLetterStore
{
    /// <exception cref="Confluent.Kafka.KafkaException">Kafka did not answer.</exception>
    IReadOnlyList<DeadLetterEntry> ReadNewest(string cluster, CancellationToken cancellationToken);

    /// <returns>The fire as published again (a first attempt).</returns>
    Task<FireMessage> ReplayAsync(string cluster, FireMessage fire, CancellationToken cancellationToken);
}
