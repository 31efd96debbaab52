namespace KafkaCron.Kafka.Topics;

/// <summary>The topics KafkaCron needs are missing or laid out differently than configured.</summary>
public sealed class TopicsUnavailableException : Exception
{
    public TopicsUnavailableException()
    {
    }

    public TopicsUnavailableException(string message)
        : base(message)
    {
    }

    public TopicsUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
