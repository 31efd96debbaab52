using KafkaCron.Core.Messages;

namespace KafkaCron.Worker.Pipeline;

/// <summary>Where messages that cannot be run go: the cluster's dead-letter topic.</summary>
internal interface IDeadLetterSink
{
    /// <summary>Completes once the dead letter is durably written (acknowledged); throws when it could not be.</summary>
    Task WriteAsync(string? key, DeadLetter deadLetter, CancellationToken cancellationToken);
}
