using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Reading;

namespace KafkaCron.Kafka.Runs;

/// <summary>
/// Reads a cluster's run history from Kafka: each partition from the offset of the query's <c>since</c>
/// (<c>offsetsForTimes</c>) to the end it had when the read began. With no filter but time, only the newest
/// <c>limit</c> records of each partition are read, which is all a newest-first listing can show.
/// </summary>
/// <param name="timeout">Bounds every call to Kafka and the read as a whole.</param>
public sealed class KafkaRunHistoryReader(KafkaClientFactory clients, KafkaCronMetrics metrics, TimeSpan timeout) : IRunHistoryReader
{
    /// <summary>The mock cluster answers a fetch at a partition's end only when fetch.wait.max.ms runs out.</summary>
    internal const int FetchWaitMs = 10;

    public Task<RunHistory> ReadAsync(RunHistoryQuery query, CancellationToken cancellationToken) =>
        Task.Run(() => Read(query, cancellationToken), cancellationToken);

    private RunHistory Read(RunHistoryQuery query, CancellationToken cancellationToken)
    {
        using var consumer = clients.CreateReadBackConsumer("kcron-history", FetchWaitMs);
        using var admin = clients.CreateAdminClient("kcron-history");
        var read = new BoundedRead(consumer, admin, clients.Options.BootstrapServers, timeout);
        var topic = clients.Options.TopicNames.Runs(query.Cluster);
        var extents = read.Extents(read.Partitions(topic));
        var starts = read.OffsetsAt(extents, query.Since);
        var ranges = extents.ToDictionary(
            e => e.Key,
            e => (From: query.TakesEveryRecord ? Math.Max(starts[e.Key], e.Value.End - query.Limit) : starts[e.Key], To: e.Value.End));

        var matching = new List<RunRecord>();
        var skipped = new List<UndecodableRecord>();
        read.Read(ranges, record =>
        {
            if (!RunRecordCodec.TryDecode(record.Message.Value, out var run, out var error))
            {
                skipped.Add(new UndecodableRecord(record.Topic, record.Partition.Value, record.Offset.Value, error));
                metrics.RecordsUndecodable.Add(1, new KeyValuePair<string, object?>(MetricTags.Topic, record.Topic));
            }
            else if (query.Matches(run))
            {
                matching.Add(run);
            }
        }, cancellationToken);
        return RunHistory.Of(matching, query.Limit, skipped);
    }
}
