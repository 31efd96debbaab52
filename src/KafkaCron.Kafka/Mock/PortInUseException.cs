namespace KafkaCron.Kafka.Mock;

/// <summary>A port the local Kafka or its drill surface must listen on is taken.</summary>
public sealed class PortInUseException : Exception
{
    public PortInUseException()
    {
    }

    public PortInUseException(string message)
        : base(message)
    {
    }

    public PortInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
