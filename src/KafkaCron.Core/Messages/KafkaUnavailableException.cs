namespace KafkaCron.Core.Messages;

/// <summary>Kafka could not be asked (unreachable, timed out, a topic missing): the message says which, in one line.</summary>
public sealed class KafkaUnavailableException : Exception
{
    public KafkaUnavailableException()
    {
    }

    public KafkaUnavailableException(string message)
        : base(message)
    {
    }

    public KafkaUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
