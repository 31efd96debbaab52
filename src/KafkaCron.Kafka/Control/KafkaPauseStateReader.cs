using KafkaCron.Core.Control;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Reading;

namespace KafkaCron.Kafka.Control;

/// <summary>Reads the control topic once, from its oldest record kept to the end it had when the read began.</summary>
/// <param name="timeout">Bounds every call to Kafka and the read as a whole.</param>
public sealed class KafkaPauseStateReader(KafkaClientFactory clients, KafkaCronMetrics metrics, TimeSpan timeout) : IPauseStateReader
{
    public Task<ControlTopicState> ReadAsync(CancellationToken cancellationToken) => Task.Run(() =>
    {
        using var consumer = clients.CreateReadBackConsumer("kcron-pauses", Runs.KafkaRunHistoryReader.FetchWaitMs);
        using var admin = clients.CreateAdminClient("kcron-pauses");
        var read = new BoundedRead(consumer, admin, clients.Options.BootstrapServers, timeout);
        var extents = read.Extents(read.Partitions(clients.Options.TopicNames.Control));
        var state = new PauseState();
        var skipped = new List<UndecodableRecord>();
        read.Read(extents.ToDictionary(e => e.Key, e => (e.Value.Start, e.Value.End)), record =>
        {
            var decoded = ControlRecordCodec.Decode(record.Message.Key, record.Message.Value, isTombstone: record.Message.Value is null);
            if (decoded.Kind == ControlRecordKind.Invalid)
            {
                skipped.Add(new UndecodableRecord(record.Topic, record.Partition.Value, record.Offset.Value, decoded.Error!));
                metrics.RecordsUndecodable.Add(1, new KeyValuePair<string, object?>(MetricTags.Topic, record.Topic));
            }

            state.Apply(decoded);
        }, cancellationToken);
        return new ControlTopicState(new Dictionary<string, JobPause>(state.Latest, StringComparer.Ordinal), skipped);
    }, cancellationToken);
}
