namespace KafkaCron.Core.Scheduling;

/// <summary>Opens publishing for each leadership term.</summary>
public interface ITermPublisherFactory
{
    /// <summary>
    /// Ready to publish for a new term. With Kafka's transactional producer this is where the deployment's
    /// transactional id is initialised, which fences every producer of an earlier term (its open transaction is
    /// aborted and its later sends are refused).
    /// </summary>
    Task<ITermPublisher> OpenAsync(CancellationToken cancellationToken);
}
