using System.Runtime.CompilerServices;
using Confluent.Kafka;
using KafkaCron.Core.Leadership;
using KafkaCron.Core.Runs;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Reading;

namespace KafkaCron.Kafka.Runs;

/// <summary>Follows a cluster's runs topic for the records of one fire (<c>kcron trigger --wait</c>).</summary>
/// <param name="timeout">Bounds each call to Kafka; following itself lasts until cancelled.</param>
public sealed class KafkaRunFollower(KafkaClientFactory clients, TimeSpan timeout) : IRunFollower
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public Task<IReadOnlyList<TopicPartitionPosition>> MarkEndAsync(string cluster, CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<TopicPartitionPosition>>(() =>
        {
            using var consumer = clients.CreateReadBackConsumer("kcron-trigger-wait", KafkaRunHistoryReader.FetchWaitMs);
            using var admin = clients.CreateAdminClient("kcron-trigger-wait");
            var read = new BoundedRead(consumer, admin, clients.Options.BootstrapServers, timeout);
            var topic = clients.Options.TopicNames.Runs(cluster);
            return [.. read.Extents(read.Partitions(topic)).Select(e => new TopicPartitionPosition(topic, e.Key.Partition.Value, e.Value.End))];
        }, cancellationToken);

    public async IAsyncEnumerable<RunRecord> FollowAsync(
        IReadOnlyList<TopicPartitionPosition> from, string fireId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var consumer = clients.CreateReadBackConsumer("kcron-trigger-wait", KafkaRunHistoryReader.FetchWaitMs);
        consumer.Assign(from.Select(p => new TopicPartitionOffset(p.Topic, p.Partition, p.Offset)));
        while (!cancellationToken.IsCancellationRequested)
        {
            var record = await Task.Run(() => consumer.Consume(Poll), CancellationToken.None);
            if (record is { IsPartitionEOF: false }
                && RunRecordCodec.TryDecode(record.Message.Value, out var run, out _)
                && string.Equals(run.FireId, fireId, StringComparison.Ordinal))
            {
                yield return run;
            }
        }
    }
}
