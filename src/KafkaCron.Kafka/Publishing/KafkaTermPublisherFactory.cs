using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.Clients;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Publishing;

/// <summary>
/// A new producer for each leadership term: transactional (fencing the terms before it) when
/// <paramref name="transactionalId"/> is set, otherwise idempotent.
/// </summary>
public sealed class KafkaTermPublisherFactory(
    KafkaClientFactory clients, string? transactionalId, int capacity, ILoggerFactory loggers) : ITermPublisherFactory
{
    public async Task<ITermPublisher> OpenAsync(CancellationToken cancellationToken) =>
        transactionalId is null
            ? new KafkaFirePublisher(clients, loggers.CreateLogger<KafkaFirePublisher>())
            : await TransactionalFirePublisher.OpenAsync(
                clients, transactionalId, capacity, TimeSpan.FromSeconds(clients.Options.StartupTimeoutSeconds),
                loggers.CreateLogger<TransactionalFirePublisher>(), cancellationToken);
}
