using Confluent.Kafka;
using KafkaCron.Core.Runs;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Publishing;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Runs;

/// <summary>
/// Writes the scheduler's run records (instants withheld from paused jobs) through a producer of its own, made at the
/// first record: a standby never writes one. A record Kafka refuses is logged, not retried.
/// </summary>
public sealed class KafkaRunRecordWriter(KafkaClientFactory clients, ILogger<KafkaRunRecordWriter> logger) : IRunRecordWriter, IDisposable
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);
    private readonly Lazy<IProducer<string, byte[]>> _producer = new(() => clients.CreateProducer("kcron-scheduler-runs"));

    public void Write(RunRecord record)
    {
        var topic = clients.Options.TopicNames.Runs(record.Cluster);
        try
        {
            _producer.Value.Produce(topic, FireRecord.Build(record), report =>
            {
                if (report.Error.IsError)
                {
                    RunsLog.NotWritten(logger, record.Job, record.Outcome, record.ScheduledAt, topic, report.Error.Reason);
                }
            });
        }
        catch (KafkaException ex)
        {
            RunsLog.NotWritten(logger, record.Job, record.Outcome, record.ScheduledAt, topic, ex.Error.Reason);
        }
    }

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(FlushTimeout);
            _producer.Value.Dispose();
        }
    }
}
