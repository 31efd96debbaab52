using KafkaCron.Core.Messages;

namespace KafkaCron.Worker.Retry;

/// <summary>
/// Where failed fires go: the cluster's retry topic (another attempt later) or its dead-letter topic. Each method
/// completes only once the write is acknowledged; it throws <see cref="Core.Scheduling.FirePublishException"/>
/// with the kind of failure otherwise.
/// </summary>
internal interface IFailureWriter
{
    Task WriteRetryAsync(FireMessage next, CancellationToken cancellationToken);

    Task WriteDeadLetterAsync(string key, DeadLetter deadLetter, CancellationToken cancellationToken);
}
