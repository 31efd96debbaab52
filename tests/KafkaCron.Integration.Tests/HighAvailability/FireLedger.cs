using System.Collections.Concurrent;
using Confluent.Kafka;
using KafkaCron.Core.Messages;

namespace KafkaCron.Integration.Tests.HighAvailability;

/// <summary>
/// Tails a jobs topic from its beginning in the background, outside any consumer group, and keeps every fire with
/// where it was stored: what the schedulers really published, to be counted by idempotency key.
/// </summary>
internal sealed class FireLedger : IAsyncDisposable
{
    private readonly ConcurrentQueue<StoredFire> _fires = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _tail;
    private long _skippedOffsets;

    public FireLedger(string bootstrapServers, string topic, string cluster, int partitions = 2)
    {
        _tail = Task.Factory.StartNew(() => Tail(bootstrapServers, topic, cluster, partitions), TaskCreationOptions.LongRunning);
    }

    public IReadOnlyList<StoredFire> Fires => [.. _fires];

    /// <summary>
    /// Offsets the ledger never saw between the first and the last it read of each partition (retention removed them
    /// before it got there): zero, or a count of fires missing from it proves nothing about the schedulers.
    /// </summary>
    public long SkippedOffsets => Interlocked.Read(ref _skippedOffsets);

    public IReadOnlyList<StoredFire> Of(string job) => [.. _fires.Where(f => f.Fire.Job == job)];

    /// <summary>The fires of one drill's deployment: its jobs are named <c>{prefix}-...</c>; epochs are per deployment.</summary>
    public IReadOnlyList<StoredFire> OfDeployment(string prefix) =>
        [.. _fires.Where(f => f.Fire.Job.StartsWith(prefix + "-", StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _tail;
        _stop.Dispose();
    }

    private void Tail(string bootstrapServers, string topic, string cluster, int partitions)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "kcron-test-ledger-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Assign([.. Enumerable.Range(0, partitions).Select(partition => new TopicPartitionOffset(topic, partition, Offset.Beginning))]);
        var next = new Dictionary<int, long>();
        while (!_stop.IsCancellationRequested)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is null || record.IsPartitionEOF)
            {
                continue;
            }

            if (next.TryGetValue(record.Partition.Value, out var expected) && record.Offset.Value > expected)
            {
                Interlocked.Add(ref _skippedOffsets, record.Offset.Value - expected);
            }

            next[record.Partition.Value] = record.Offset.Value + 1;
            var decoded = FireMessageCodec.Decode(record.Message.Value, cluster);
            if (decoded.IsSuccess)
            {
                _fires.Enqueue(new StoredFire(decoded.Fire, record.Partition.Value, record.Offset.Value));
            }
        }
    }
}

internal sealed record StoredFire(FireMessage Fire, int Partition, long Offset)
{
    public long Epoch => Fire.Epoch ?? 0;
}
