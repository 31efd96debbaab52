namespace KafkaCron.WebConsole;

/// <summary>Kafka or ZooKeeper did not answer within <see cref="ConsoleOptions.BackendTimeout"/>: the API answers 503.</summary>
internal sealed class BackendUnavailableException : Exception
{
    public BackendUnavailableException()
    {
        Backend = "backend";
    }

    public BackendUnavailableException(string message)
        : base(message)
    {
        Backend = "backend";
    }

    public BackendUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Backend = "backend";
    }

    public BackendUnavailableException(string backend, string message, Exception? innerException)
        : base(message, innerException)
    {
        Backend = backend;
    }

    /// <summary><c>Kafka</c> or <c>ZooKeeper</c>.</summary>
    public string Backend { get; }
}
