using KafkaCron.Core.Messages;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.DeadLetters;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole.DeadLetters;

/// <summary>The dead-letter topic through the very reader and replayer of <c>kcron dead-letters</c> and <c>kcron replay</c>.</summary>
internal sealed class KafkaDeadLetterStore(
    KafkaClientFactory clients,
    IOptions<ConsoleOptions> options,
    TimeProvider time) : IDeadLetterStore
{
    public IReadOnlyList<DeadLetterEntry> ReadNewest(string cluster, CancellationToken cancellationToken) =>
        DeadLetterReader.ReadAll(clients, clients.Options.TopicNames.DeadLetter(cluster), options.Value.BackendTimeout, cancellationToken,
            options.Value.DeadLettersPerPartition);

    public async Task<FireMessage> ReplayAsync(string cluster, FireMessage fire, CancellationToken cancellationToken) =>
        (await DeadLetterReplayer.PublishAsync(clients, [fire], cluster, time, options.Value.BackendTimeout, cancellationToken)).Single();
}
