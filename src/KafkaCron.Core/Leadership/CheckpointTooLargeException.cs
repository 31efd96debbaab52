namespace KafkaCron.Core.Leadership;

/// <summary>
/// A checkpoint encodes to more bytes than the store keeps. Only the jobs listed as pending grow a checkpoint, so this
/// means that many publications are failing at once; the previous checkpoint stays valid (a successor reads back
/// more of the topics from it), and the next one is tried when it is taken.
/// </summary>
public sealed class CheckpointTooLargeException : Exception
{
    public CheckpointTooLargeException()
    {
    }

    public CheckpointTooLargeException(string message)
        : base(message)
    {
    }

    public CheckpointTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
