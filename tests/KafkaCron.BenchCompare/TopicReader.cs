using Confluent.Kafka;
using KafkaCron.Core.Messages;

namespace KafkaCron.BenchCompare;

/// <summary>
/// Reads the jobs topic online from its start, on a thread of its own, into a <see cref="FireTally"/>, and counts
/// the offsets it never saw (<see cref="Lost"/>): the mock cluster drops a partition's oldest records past about 5 MB,
/// so a reader that falls behind loses some, and only with none lost is a missing fire the scheduler's. It reads at
/// the lowest priority (<see cref="ReaderPriority"/>).
/// </summary>
internal sealed class TopicReader : IDisposable
{
    private readonly IConsumer<string, byte[]> _consumer;
    private readonly string _cluster;
    private readonly FireTally _tally;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly long[] _next;
    private long _lastRecordTicks = TimeProvider.System.GetUtcNow().UtcTicks;

    public TopicReader(ClientFactory clients, string topic, int partitions, string cluster, FireTally tally)
    {
        _consumer = clients.Factory.CreateReadBackConsumer("bench-reader");
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        _next = new long[partitions];
        _cluster = cluster;
        _tally = tally;
        _thread = new Thread(Read) { IsBackground = true, Name = "bench-reader" };
        _thread.Start();
    }

    /// <summary>How long ago the last record came.</summary>
    public TimeSpan Quiet => TimeSpan.FromTicks(TimeProvider.System.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastRecordTicks));

    public int Undecodable { get; private set; }

    /// <summary>
    /// Offsets the reader never saw: skipped between records of a partition or before its first (the topic is new: it
    /// starts at 0), or still unread when it stopped. Read after <see cref="Stop"/>.
    /// </summary>
    public long Lost { get; private set; }

    /// <summary>Stops reading; the tally may be read afterwards.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _thread.Join();
        foreach (var assigned in _consumer.Assignment)
        {
            var end = _consumer.QueryWatermarkOffsets(assigned, TimeSpan.FromSeconds(10)).High.Value;
            Lost += Math.Max(0, end - _next[assigned.Partition.Value]);
        }
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Read()
    {
        if (!ReaderPriority.LowerForThisThread())
        {
            Console.Error.WriteLine("the reader's priority could not be lowered: it competes with the candidate for the CPU");
        }

        while (!_stop.IsCancellationRequested)
        {
            var result = _consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }

            Interlocked.Exchange(ref _lastRecordTicks, TimeProvider.System.GetUtcNow().UtcTicks);
            var partition = result.Partition.Value;
            Lost += Math.Max(0, result.Offset.Value - _next[partition]);
            _next[partition] = result.Offset.Value + 1;
            var decoded = FireMessageCodec.Decode(result.Message.Value, _cluster);
            if (decoded.Fire is { } fire)
            {
                lock (_tally)
                {
                    _tally.Add(fire.Job, fire.ScheduledAt, result.Message.Timestamp.UtcDateTime);
                }
            }
            else
            {
                Undecodable++;
            }
        }
    }
}
