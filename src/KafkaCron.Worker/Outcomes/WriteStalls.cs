using Confluent.Kafka;
using KafkaCron.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Outcomes;

/// <summary>
/// The partitions whose outcome records Kafka refuses right now. The outcome writer enters a record here when its
/// first try fails and leaves once it is written (or abandoned at shutdown); the consumer thread keeps those
/// partitions paused meanwhile, the metric counts the held records, and the log says once when an episode begins
/// and once when it ends rather than once per try. Thread-safe.
/// </summary>
internal sealed class WriteStalls(KafkaCronMetrics metrics, string cluster, TimeProvider time, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TopicPartition, int> _held = [];
    private readonly KeyValuePair<string, object?> _cluster = new(MetricTags.Cluster, cluster);
    private int _total;
    private long _since;

    public void Enter(TopicPartition partition, string topic, string error)
    {
        lock (_gate)
        {
            _held[partition] = _held.GetValueOrDefault(partition) + 1;
            if (_total++ == 0)
            {
                _since = time.GetTimestamp();
                OutcomeLog.Stalled(logger, topic, error);
            }
        }

        metrics.OutcomeWritesStalled.Add(1, _cluster);
    }

    public void Leave(TopicPartition partition)
    {
        lock (_gate)
        {
            var left = _held[partition] - 1;
            if (left == 0)
            {
                _held.Remove(partition);
            }
            else
            {
                _held[partition] = left;
            }

            if (--_total == 0)
            {
                var stalled = time.GetElapsedTime(_since);
                OutcomeLog.Recovered(logger, stalled);
            }
        }

        metrics.OutcomeWritesStalled.Add(-1, _cluster);
    }

    public bool IsStalled(TopicPartition partition)
    {
        lock (_gate)
        {
            return _held.ContainsKey(partition);
        }
    }

    /// <summary>The stalled partitions now, for the consumer thread to pause.</summary>
    public IReadOnlyList<TopicPartition> Partitions()
    {
        lock (_gate)
        {
            return _total == 0 ? [] : [.. _held.Keys];
        }
    }
}
