namespace KafkaCron.Worker.Outcomes;

/// <summary>A retry or dead letter could not be written; the worker stops and leaves the fire uncommitted.</summary>
internal sealed class OutcomeWriteException : Exception
{
    public OutcomeWriteException()
    {
    }

    public OutcomeWriteException(string message)
        : base(message)
    {
    }

    public OutcomeWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
