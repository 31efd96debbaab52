using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaCron.Kafka.Clients;

namespace KafkaCron.WebConsole.Status;

/// <summary>
/// A group's members (DescribeConsumerGroups), its committed offsets (ListConsumerGroupOffsets) and the topic's
/// earliest and latest offsets (ListOffsets). Each read has an admin client of its own, disposed when it is done:
/// a few milliseconds a page, and a console nobody looks at keeps no client reconnecting to a Kafka that is down.
/// </summary>
internal sealed class KafkaConsumerGroupInspector(KafkaClientFactory clients) : IConsumerGroupInspector
{
    public async Task<GroupView> ReadAsync(string group, string topic, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var admin = clients.CreateAdminClient("kcron-console");
        return await ReadAsync(admin, group, topic, timeout, cancellationToken);
    }

    private static async Task<GroupView> ReadAsync(IAdminClient admin, string group, string topic, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var metadata = admin.GetMetadata(topic, timeout).Topics.Single();
        if (metadata.Error.IsError)
        {
            throw new KafkaException(metadata.Error);
        }

        var partitions = metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(p => p.Partition.Value).ToList();
        var description = await DescribeAsync(admin, group, timeout);
        cancellationToken.ThrowIfCancellationRequested();
        var committed = (await admin.ListConsumerGroupOffsetsAsync(
                [new ConsumerGroupTopicPartitions(group, partitions)], new ListConsumerGroupOffsetsOptions { RequestTimeout = timeout }))
            .Single().Partitions
            .Where(p => p.Offset.Value >= 0)
            .ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
        cancellationToken.ThrowIfCancellationRequested();
        var earliest = await OffsetsAsync(admin, partitions, OffsetSpec.Earliest(), timeout);
        var latest = await OffsetsAsync(admin, partitions, OffsetSpec.Latest(), timeout);

        var lags = partitions.Select(p =>
        {
            var index = p.Partition.Value;
            var start = earliest.GetValueOrDefault(index);
            var end = latest.GetValueOrDefault(index);
            long? commit = committed.TryGetValue(index, out var c) ? c : null;
            return new PartitionLagView(index, commit, end, Math.Max(0, end - Math.Max(start, commit ?? start)));
        }).ToList();
        var members = description?.Members
            .Select(m => new MemberView(m.ClientId, m.Host, (m.Assignment?.TopicPartitions ?? [])
                .Where(tp => tp.Topic == topic).Select(tp => tp.Partition.Value).Order().ToList()))
            .OrderBy(m => m.ClientId, StringComparer.Ordinal)
            .ToList();
        return new GroupView(group, topic, description?.State.ToString() ?? "Unknown", members, lags);
    }

    /// <returns>Null when the broker does not implement DescribeGroups (librdkafka's mock cluster); lag is still known then.</returns>
    private static async Task<ConsumerGroupDescription?> DescribeAsync(IAdminClient admin, string group, TimeSpan timeout)
    {
        try
        {
            return (await admin.DescribeConsumerGroupsAsync([group], new DescribeConsumerGroupsOptions { RequestTimeout = timeout }))
                .ConsumerGroupDescriptions.Single();
        }
        catch (DescribeConsumerGroupsException ex) when (ex.Results.ConsumerGroupDescriptions.All(d => d.Error.Code is ErrorCode.Local_UnsupportedFeature or ErrorCode.UnsupportedVersion))
        {
            return null;
        }
    }

    private static async Task<Dictionary<int, long>> OffsetsAsync(IAdminClient admin, IEnumerable<TopicPartition> partitions, OffsetSpec spec, TimeSpan timeout)
    {
        var result = await admin.ListOffsetsAsync(
            partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = spec }),
            new ListOffsetsOptions { RequestTimeout = timeout });
        return result.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.Partition.Value, r => r.TopicPartitionOffsetError.Offset.Value);
    }
}
