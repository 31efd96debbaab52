namespace KafkaCron.Core.Scheduling;

/// <summary>A fire could not be published.</summary>
public sealed class FirePublishException : Exception
{
    public FirePublishException()
        : this("the fire could not be published", PublishFailureKind.Transient, null)
    {
    }

    public FirePublishException(string message)
        : this(message, PublishFailureKind.Transient, null)
    {
    }

    public FirePublishException(string message, Exception innerException)
        : this(message, PublishFailureKind.Transient, innerException)
    {
    }

    public FirePublishException(string message, PublishFailureKind kind, Exception? innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public PublishFailureKind Kind { get; }
}
