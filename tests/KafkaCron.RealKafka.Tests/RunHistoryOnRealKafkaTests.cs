using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Runs;
using KafkaCron.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.RealKafka.Tests;

/// <summary>
/// What the mock cluster cannot show: a real broker answers offsetsForTimes, so the history reader starts at the offset
/// of --since in one request (the mock answers "no offset" for every time, and the reader searches instead), and
/// KafkaCron creates the runs topic with its retention and the control topic compacted.
/// </summary>
[Collection(RealKafkaCollection.Name)]
public sealed class RunHistoryOnRealKafkaTests(RealKafkaFixture kafka)
{
    [SkippableFact]
    public async Task ReadAsync_RecordsBeforeAndAfterSince_ReadsOnlyThoseAfterItFromTheirOffset()
    {
        Skip.If(kafka.SkipReason is not null, kafka.SkipReason);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new KafkaCronMetrics(services.GetRequiredService<IMeterFactory>());
        var clients = new KafkaClientFactory(
            Options.Create(new KafkaOptions { BootstrapServers = kafka.BootstrapServers, ReplicationFactor = 1, Partitions = 1, RunsRetentionHours = 48 }),
            metrics, NullLogger<KafkaClientFactory>.Instance);
        var names = clients.Options.TopicNames;
        await new TopicProvisioner(clients, NullLogger<TopicProvisioner>.Instance).EnsureAsync([names.Runs("real"), names.Control], CancellationToken.None);
        using (var admin = clients.CreateAdminClient("history-test"))
        {
            var described = await admin.DescribeConfigsAsync([
                new ConfigResource { Type = ResourceType.Topic, Name = names.Runs("real") },
                new ConfigResource { Type = ResourceType.Topic, Name = names.Control },
            ]);
            Assert.Equal("172800000", described[0].Entries["retention.ms"].Value);
            Assert.Equal("compact", described[1].Entries["cleanup.policy"].Value);
        }

        var now = TimeProvider.System.GetUtcNow();
        using (var producer = clients.CreateProducer("history-test"))
        {
            // Garbage before the window would show as skipped if the reader did not start after it.
            await producer.ProduceAsync(names.Runs("real"), new Message<string, byte[]> { Key = "a", Value = "garbage"u8.ToArray(), Timestamp = new Timestamp(now.AddHours(-3).UtcDateTime) });
            foreach (var minutes in new[] { -120, -30, -10 })
            {
                var run = RunRecordCodec.Encode(new RunRecord
                {
                    FireId = Guid.NewGuid().ToString(), Job = "a", Cluster = "real", Trigger = FireTriggers.Scheduled,
                    Outcome = RunOutcomes.Succeeded, ScheduledAt = now.AddMinutes(minutes), FinishedAt = now.AddMinutes(minutes),
                });
                await producer.ProduceAsync(names.Runs("real"), new Message<string, byte[]> { Key = "a", Value = run, Timestamp = new Timestamp(now.AddMinutes(minutes).UtcDateTime) });
            }
        }

        var history = await new KafkaRunHistoryReader(clients, metrics, TimeSpan.FromSeconds(30))
            .ReadAsync(new RunHistoryQuery { Cluster = "real", Since = now.AddHours(-1), Job = "a" }, CancellationToken.None);

        Assert.Equal([now.AddMinutes(-30), now.AddMinutes(-10)], history.Runs.Select(r => r.FinishedAt));
        Assert.Empty(history.Skipped);
    }
}
