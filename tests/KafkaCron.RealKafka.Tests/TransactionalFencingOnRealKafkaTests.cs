using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.RealKafka.Tests;

/// <summary>
/// What the mock cluster cannot show (it gives every transactional producer a new id instead of fencing): on a real
/// broker, a new term's producer with the deployment's transactional id fences the deposed term's producer.
/// </summary>
[Collection(RealKafkaCollection.Name)]
public sealed class TransactionalFencingOnRealKafkaTests(RealKafkaFixture kafka)
{
    private const string Topic = "kcron.jobs.fencing";

    [SkippableFact]
    public async Task TransactionalPublisher_SuccessorOpenedWithTheSameId_FencesTheDeposedTerm()
    {
        Skip.If(kafka.SkipReason is not null, kafka.SkipReason);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var clients = new KafkaClientFactory(
            Options.Create(new KafkaOptions { BootstrapServers = kafka.BootstrapServers, ReplicationFactor = 1 }),
            new KafkaCronMetrics(services.GetRequiredService<IMeterFactory>()),
            NullLogger<KafkaClientFactory>.Instance);
        using (var admin = clients.CreateAdminClient("fencing-test"))
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = 1, ReplicationFactor = 1 }]);
        }

        await using var deposed = await TransactionalFirePublisher.OpenAsync(
            clients, "kcron-scheduler-fencing", 100, TimeSpan.FromSeconds(30), NullLogger.Instance, CancellationToken.None);
        await deposed.PublishAsync(Fire(epoch: 1, second: 0), CancellationToken.None);
        await using var successor = await TransactionalFirePublisher.OpenAsync(
            clients, "kcron-scheduler-fencing", 100, TimeSpan.FromSeconds(30), NullLogger.Instance, CancellationToken.None);

        await successor.PublishAsync(Fire(epoch: 2, second: 1), CancellationToken.None);
        var fenced = await Assert.ThrowsAsync<FirePublishException>(() => deposed.PublishAsync(Fire(epoch: 1, second: 2), CancellationToken.None));

        Assert.Equal(PublishFailureKind.Fatal, fenced.Kind);
    }

    private static FireMessage Fire(long epoch, int second) =>
        TestFires.FirstAttempt("fencing", new DateTimeOffset(2026, 11, 27, 3, 0, second, TimeSpan.Zero), epoch, "fencing");
}
