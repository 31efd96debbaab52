namespace KafkaCron.Core.Leadership;

/// <summary>The stored checkpoint is unreadable, of an unknown format, or belongs to another deployment.</summary>
public sealed class CheckpointRejectedException : Exception
{
    public CheckpointRejectedException()
    {
    }

    public CheckpointRejectedException(string message)
        : base(message)
    {
    }

    public CheckpointRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
