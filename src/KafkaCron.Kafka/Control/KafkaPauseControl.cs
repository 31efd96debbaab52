using Confluent.Kafka;
using KafkaCron.Core.Control;
using KafkaCron.Core.Messages;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Publishing;

namespace KafkaCron.Kafka.Control;

/// <summary>Writes pause states to the control topic through an idempotent acks=all producer.</summary>
/// <param name="timeout">How long Kafka has to acknowledge (and to answer the topic check before it).</param>
public sealed class KafkaPauseControl(KafkaClientFactory clients, TimeProvider time, TimeSpan timeout) : IPauseControl
{
    public Task<JobPause> PauseAsync(string job, string by, string? reason, CancellationToken cancellationToken) =>
        WriteAsync(new JobPause { Job = job, Paused = true, By = by, At = time.GetUtcNow(), Reason = string.IsNullOrWhiteSpace(reason) ? null : reason }, cancellationToken);

    public Task<JobPause> ResumeAsync(string job, string by, CancellationToken cancellationToken) =>
        WriteAsync(new JobPause { Job = job, Paused = false, By = by, At = time.GetUtcNow() }, cancellationToken);

    private async Task<JobPause> WriteAsync(JobPause pause, CancellationToken cancellationToken)
    {
        var topic = clients.Options.TopicNames.Control;
        await Producing.EnsureTopicAsync(clients, topic, timeout, cancellationToken);
        using var producer = clients.CreateProducer("kcron-pause", timeout);
        await Producing.ProduceAsync(producer, topic, FireRecord.Build(pause), clients.Options.BootstrapServers, timeout, cancellationToken);
        return pause;
    }
}
