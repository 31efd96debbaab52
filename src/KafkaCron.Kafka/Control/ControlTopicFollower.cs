using Confluent.Kafka;
using KafkaCron.Core.Control;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Reading;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Control;

/// <summary>
/// Follows the control topic for as long as the scheduler runs, on a thread of its own, from its oldest record kept:
/// every replica knows which jobs are paused, so a new leader only has to catch up with the last records
/// (<see cref="ReadToEndAsync"/>) before it publishes. A record that is not a control record is skipped with a
/// warning and counted; Kafka unreachable is logged once and tried again every second, the pauses known so far
/// staying in force.
/// </summary>
public sealed class ControlTopicFollower(KafkaClientFactory clients, KafkaCronMetrics metrics, TimeProvider time, ILogger<ControlTopicFollower> logger)
    : BackgroundService, IPausedJobs
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly string[] NoJobs = ["none"];

    private readonly System.Collections.Concurrent.ConcurrentQueue<TaskCompletionSource> _requests = new();
    private volatile PausedJobs _current = PausedJobs.None;

    public PausedJobs Current => _current;

    public event Action? Changed;

    public Task ReadToEndAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Enqueue(done);
        return done.Task.WaitAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Follow(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Follow(CancellationToken stopping)
    {
        var topic = clients.Options.TopicNames.Control;
        var timeout = TimeSpan.FromSeconds(clients.Options.StartupTimeoutSeconds);
        using var consumer = clients.CreateReadBackConsumer("kcron-scheduler-control");
        using var admin = clients.CreateAdminClient("kcron-scheduler-control");
        var read = new BoundedRead(consumer, admin, clients.Options.BootstrapServers, timeout);
        var state = new PauseState();
        Dictionary<TopicPartition, long>? next = null;
        var waiting = new List<(TaskCompletionSource Done, IReadOnlyDictionary<TopicPartition, (long Start, long End)> Targets)>();
        var unpublished = false;
        var troubled = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (next is null)
                {
                    next = read.Extents(read.Partitions(topic)).ToDictionary(e => e.Key, e => e.Value.Start);
                    consumer.Assign(next.Select(p => new TopicPartitionOffset(p.Key, p.Value)));
                }

                // A reader asking for the end waits for the end the topic has now, not for whatever comes later.
                while (_requests.TryPeek(out var request))
                {
                    waiting.Add((request, read.Extents(next.Keys)));
                    _requests.TryDequeue(out _);
                }

                var record = consumer.Consume(Poll);
                if (record is { IsPartitionEOF: false })
                {
                    unpublished |= Apply(state, record);
                    next[record.TopicPartition] = record.Offset.Value + 1;
                }
                else if (record is not null)
                {
                    next[record.TopicPartition] = Math.Max(next[record.TopicPartition], record.Offset.Value);
                }

                var caughtUp = waiting.Where(w => w.Targets.All(t => next[t.Key] >= t.Value.End)).ToList();
                if (unpublished && (record is null || record.IsPartitionEOF || caughtUp.Count > 0))
                {
                    Publish(state);
                    unpublished = false;
                }

                foreach (var done in caughtUp)
                {
                    done.Done.TrySetResult();
                    waiting.Remove(done);
                }

                if (troubled)
                {
                    troubled = false;
                    ControlLog.Reachable(logger, topic);
                }
            }
            catch (Exception ex) when (ex is KafkaException or KafkaUnavailableException)
            {
                if (!troubled)
                {
                    troubled = true;
                    ControlLog.Unreachable(logger, topic, ex.Message, RetryInterval.TotalSeconds);
                }

                Wait(RetryInterval, stopping);
            }
        }

        consumer.Close();
    }

    /// <returns>Whether the pauses changed.</returns>
    private bool Apply(PauseState state, ConsumeResult<string, byte[]> record)
    {
        var decoded = ControlRecordCodec.Decode(record.Message.Key, record.Message.Value, isTombstone: record.Message.Value is null);
        if (decoded.Kind == ControlRecordKind.Invalid)
        {
            metrics.RecordsUndecodable.Add(1, new KeyValuePair<string, object?>(MetricTags.Topic, record.Topic));
            ControlLog.Undecodable(logger, new UndecodableRecord(record.Topic, record.Partition.Value, record.Offset.Value, decoded.Error!));
        }

        return state.Apply(decoded);
    }

    private void Publish(PauseState state)
    {
        var snapshot = state.Snapshot(_current.Version + 1);
        _current = snapshot;
        ControlLog.PausesChanged(logger, snapshot.Jobs.Count, snapshot.Jobs.Count == 0 ? NoJobs : snapshot.Jobs);
        Changed?.Invoke();
    }

    /// <summary>Blocks the follower's thread for <paramref name="interval"/> on the injected clock, or until stopping.</summary>
    private void Wait(TimeSpan interval, CancellationToken stopping)
    {
        using var elapsed = new ManualResetEventSlim();
        using var timer = time.CreateTimer(_ => elapsed.Set(), null, interval, Timeout.InfiniteTimeSpan);
        WaitHandle.WaitAny([elapsed.WaitHandle, stopping.WaitHandle]);
    }
}
