using System.Collections.Concurrent;
using System.Threading.Channels;
using KafkaCron.Core.Leadership;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Scheduler.Tests.TestSupport;

/// <summary>An elector whose terms the test grants one by one.</summary>
internal sealed class FakeElector : ILeaderElector
{
    private readonly Channel<FakeLeadership> _grants = Channel.CreateUnbounded<FakeLeadership>();
    private int _campaigns;

    /// <summary>How many times the scheduler asked to lead.</summary>
    public int Campaigns => Volatile.Read(ref _campaigns);

    public FakeLeadership Grant(long epoch)
    {
        var term = new FakeLeadership(epoch);
        _grants.Writer.TryWrite(term);
        return term;
    }

    public async Task<ILeadership> AcquireAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _campaigns);
        return await _grants.Reader.ReadAsync(ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class FakeLeadership(long epoch) : ILeadership
{
    private readonly CancellationTokenSource _lost = new();
    private volatile string? _lostReason;
    private volatile bool _provable = true;

    public long Epoch { get; } = epoch;

    public string ReplicaId => "test-replica";

    public CancellationToken Lost => _lost.Token;

    public string? LostReason => _lostReason;

    public bool Resigned { get; private set; }

    /// <summary>What <see cref="ConfirmHeld"/> finds; false ends the term, as a lapsed lease does.</summary>
    public bool Provable
    {
        get => _provable;
        set => _provable = value;
    }

    public bool ConfirmHeld()
    {
        if (!_provable)
        {
            Lose("the lease lapsed");
        }

        return !_lost.IsCancellationRequested;
    }

    public void Lose(string reason)
    {
        _lostReason ??= reason;
        _lost.Cancel();
    }

    public ValueTask DisposeAsync()
    {
        Resigned = true;
        Lose("resigned");
        return ValueTask.CompletedTask;
    }
}

/// <summary>A checkpoint store in memory, fenced like the ZooKeeper one: only a term that holds may write.</summary>
internal sealed class MemoryCheckpointStore(TimeProvider time) : IScheduleCheckpointStore
{
    private readonly ConcurrentQueue<ScheduleCheckpoint> _written = new();

    public ScheduleCheckpoint? Stored { get; set; }

    /// <summary>When set, reads throw it (a refused checkpoint).</summary>
    public Exception? ReadFailure { get; set; }

    public IReadOnlyList<ScheduleCheckpoint> Written => [.. _written];

    public Task<ScheduleCheckpoint?> ReadAsync(CancellationToken ct) =>
        ReadFailure is { } failure ? Task.FromException<ScheduleCheckpoint?>(failure) : Task.FromResult(Stored);

    public Task WriteAsync(ILeadership leadership, ScheduleCheckpoint checkpoint, CancellationToken ct)
    {
        if (leadership.Lost.IsCancellationRequested)
        {
            throw new LeadershipLostException($"epoch {leadership.Epoch} ended");
        }

        var stamped = checkpoint with { DeploymentId = "test", Epoch = leadership.Epoch, WrittenAt = time.GetUtcNow() };
        Stored = stamped;
        _written.Enqueue(stamped);
        return Task.CompletedTask;
    }
}

/// <summary>Hands each term a recording publisher and remembers how each term ended.</summary>
internal sealed class FakeTermPublishers : ITermPublisherFactory
{
    private readonly ConcurrentQueue<TermPublisher> _opened = new();

    public IReadOnlyList<TermPublisher> Opened => [.. _opened];

    /// <summary>Every fire published by any term, in order.</summary>
    public ConcurrentQueue<Core.Messages.FireMessage> All { get; } = new();

    public Task<ITermPublisher> OpenAsync(CancellationToken cancellationToken)
    {
        var publisher = new TermPublisher(All, _opened.Count);
        _opened.Enqueue(publisher);
        return Task.FromResult<ITermPublisher>(publisher);
    }

    internal sealed class TermPublisher(ConcurrentQueue<Core.Messages.FireMessage> all, int partition) : ITermPublisher
    {
        private long _offset;

        public bool Abandoned { get; private set; }

        public bool Disposed { get; private set; }

        public void Publish(OutgoingFire fire)
        {
            all.Enqueue(RecordingPublisher.Decode(fire));
            fire.Delivered(new FireReceipt("kcron.jobs." + fire.Cluster, partition, Interlocked.Increment(ref _offset) - 1));
        }

        public void Abandon() => Abandoned = true;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Answers a read-back with what the test put there.</summary>
internal sealed class FakeReader : IPublishedFireReader
{
    public PublishedFires Next { get; set; } = new();

    public List<IReadOnlyList<KafkaCron.Core.Leadership.TopicPartitionPosition>> Requests { get; } = [];

    public Task<PublishedFires> ReadAsync(IReadOnlyCollection<string> clusters, IReadOnlyList<KafkaCron.Core.Leadership.TopicPartitionPosition> from, CancellationToken cancellationToken)
    {
        Requests.Add(from);
        return Task.FromResult(Next);
    }
}
