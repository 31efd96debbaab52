using System.Runtime.CompilerServices;
using Confluent.Kafka;
using KafkaCron.Core.Leadership;
using KafkaCron.Core.Runs;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Reading;

namespace KafkaCron.Kafka.Runs;

/// <summary>Follows a cluster's runs topic: for the records of one fire (<c>kcron trigger --wait</c>), or for all of them (the console).</summary>
/// <param name="timeout">Bounds each call to Kafka; following itself lasts until cancelled.</param>
public sealed class KafkaRunFollower(KafkaClientFactory clients, TimeSpan timeout) : IRunFollower
{
    private const string ClientId = "kcron-run-follower";
    private const int BatchSize = 1000;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public Task<IReadOnlyList<TopicPartitionPosition>> MarkEndAsync(string cluster, CancellationToken cancellationToken) =>
        MarkAsync(cluster, (_, extents) => extents.ToDictionary(e => e.Key, e => e.Value.End), cancellationToken);

    public Task<IReadOnlyList<TopicPartitionPosition>> MarkAtAsync(string cluster, DateTimeOffset since, CancellationToken cancellationToken) =>
        MarkAsync(cluster, (read, extents) => read.OffsetsAt(extents, since), cancellationToken);

    public async IAsyncEnumerable<RunRecord> FollowAsync(
        IReadOnlyList<TopicPartitionPosition> from, string fireId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A waiting operator wants the record at once: the mock cluster answers a fetch only when its wait runs out.
        await foreach (var batch in FollowAsync(from, KafkaRunHistoryReader.FetchWaitMs, cancellationToken))
        {
            foreach (var followed in batch)
            {
                if (followed.Run is { } run && string.Equals(run.FireId, fireId, StringComparison.Ordinal))
                {
                    yield return run;
                }
            }
        }
    }

    /// <remarks>Follows with the configured <c>Kafka:FetchWaitMaxMs</c>: a follower that runs for days must not poll the brokers in a tight loop.</remarks>
    public IAsyncEnumerable<IReadOnlyList<FollowedRun>> FollowAllAsync(IReadOnlyList<TopicPartitionPosition> from, CancellationToken cancellationToken) =>
        FollowAsync(from, fetchWaitMs: null, cancellationToken);

    private Task<IReadOnlyList<TopicPartitionPosition>> MarkAsync(
        string cluster,
        Func<BoundedRead, IReadOnlyDictionary<TopicPartition, (long Start, long End)>, IReadOnlyDictionary<TopicPartition, long>> mark,
        CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<TopicPartitionPosition>>(() =>
        {
            using var consumer = clients.CreateReadBackConsumer(ClientId, KafkaRunHistoryReader.FetchWaitMs);
            using var admin = clients.CreateAdminClient(ClientId);
            var read = new BoundedRead(consumer, admin, clients.Options.BootstrapServers, timeout);
            var topic = clients.Options.TopicNames.Runs(cluster);
            var extents = read.Extents(read.Partitions(topic));
            return [.. mark(read, extents).Select(p => new TopicPartitionPosition(topic, p.Key.Partition.Value, p.Value)).OrderBy(p => p.Partition)];
        }, cancellationToken);

    /// <summary>
    /// A batch at a time: whatever librdkafka has fetched in the background, up to a bound. It never blocks a thread on
    /// Consume: a follower that runs for days would hold a pool thread forever, and the console's requests (whose Kafka
    /// calls block too) would queue behind it on a small machine. With nothing at hand it looks again after a short delay.
    /// </summary>
    private async IAsyncEnumerable<IReadOnlyList<FollowedRun>> FollowAsync(
        IReadOnlyList<TopicPartitionPosition> from, int? fetchWaitMs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var consumer = clients.CreateReadBackConsumer(ClientId, fetchWaitMs);
        consumer.Assign(from.Select(p => new TopicPartitionOffset(p.Topic, p.Partition, p.Offset)));
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = Drain(consumer);
            if (batch.Count > 0)
            {
                yield return batch;
            }
            else
            {
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static List<FollowedRun> Drain(IConsumer<string, byte[]> consumer)
    {
        var batch = new List<FollowedRun>();
        var record = consumer.Consume(TimeSpan.Zero);
        while (record is not null)
        {
            // Transaction markers take offsets but are never returned: only the end of a partition says how far it goes.
            batch.Add(record.IsPartitionEOF
                ? new FollowedRun(new TopicPartitionPosition(record.Topic, record.Partition.Value, record.Offset.Value), null)
                : new FollowedRun(
                    new TopicPartitionPosition(record.Topic, record.Partition.Value, record.Offset.Value + 1),
                    RunRecordCodec.TryDecode(record.Message.Value, out var run, out _) ? run : null));

            if (batch.Count == BatchSize)
            {
                break;
            }

            record = consumer.Consume(TimeSpan.Zero);
        }

        return batch;
    }
}
