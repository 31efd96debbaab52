using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Publishing;

namespace KafkaCron.Kafka.Triggering;

/// <summary>Publishes manual fires to their cluster's jobs topic, keyed by job like every fire, so they queue behind the job's earlier fires.</summary>
/// <param name="timeout">How long Kafka has to acknowledge (and to answer the topic check before it).</param>
public sealed class KafkaManualTrigger(KafkaClientFactory clients, TimeProvider time, TimeSpan timeout) : IManualTrigger
{
    public async Task<ManualFire> TriggerAsync(JobDefinition job, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fire = FireMessageFactory.Manual(job, now, Guid.CreateVersion7(now).ToString());
        var topic = clients.Options.TopicNames.Jobs(job.Cluster);
        await Producing.EnsureTopicAsync(clients, topic, timeout, cancellationToken);
        using var producer = clients.CreateProducer("kcron-trigger", timeout);
        var receipt = await Producing.ProduceAsync(producer, topic, FireRecord.Build(fire), clients.Options.BootstrapServers, timeout, cancellationToken);
        return new ManualFire(fire, receipt);
    }
}
