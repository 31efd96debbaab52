using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Deduplication;

/// <summary>
/// The worker's last line against a fire published twice: per partition of a jobs topic, it refuses a fire whose
/// epoch is below the highest epoch already admitted there (a deposed leader's late publication) and a fire whose
/// idempotency key (job + scheduled instant) was admitted recently (a fire published by two terms). Call
/// <see cref="Admit"/> once per record of a jobs topic, before the run starts; never for the retry topic, whose
/// attempts share their fire's key on purpose. Memory is bounded: each partition keeps at most
/// <c>keysPerPartition</c> keys. Thread-safe.
/// </summary>
/// <remarks>
/// Fires of one job all land on one partition (the key is the job name), so per-partition state sees every
/// publication of a key. The state lives in memory: a worker that restarts, or takes a partition over, starts
/// with none for it, which is why the scheduler suppresses duplicates itself (see docs/scheduler.md) and this
/// is a second layer.
/// </remarks>
public sealed class FireAdmission
{
    /// <summary>Enough for an hour of a job firing every second on one partition, or many jobs' recent fires.</summary>
    public const int DefaultKeysPerPartition = 10_000;

    private readonly int _keysPerPartition;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Topic, int Partition), PartitionState> _partitions = [];

    public FireAdmission(int keysPerPartition = DefaultKeysPerPartition)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keysPerPartition, 1);
        _keysPerPartition = keysPerPartition;
    }

    /// <summary>Decides whether the fire read from <paramref name="topic"/> [<paramref name="partition"/>] may run; an admitted fire is remembered.</summary>
    public AdmissionVerdict Admit(string topic, int partition, FireMessage fire)
    {
        var key = fire.IdempotencyKey;
        lock (_gate)
        {
            if (!_partitions.TryGetValue((topic, partition), out var state))
            {
                state = new PartitionState(_keysPerPartition);
                _partitions.Add((topic, partition), state);
            }

            // A fire without an epoch comes from a scheduler without leader election; it fences nothing.
            if (fire.Epoch is { } epoch && state.HighestEpoch is { } highest && epoch < highest)
            {
                return new AdmissionVerdict(AdmissionOutcome.StaleEpoch, key, highest);
            }

            // Any publication of a later term, even a duplicate, proves the earlier terms are over.
            if (fire.Epoch is { } seen && (state.HighestEpoch is null || seen > state.HighestEpoch))
            {
                state.HighestEpoch = seen;
            }

            return state.Keys.Add(key)
                ? new AdmissionVerdict(AdmissionOutcome.Admitted, key, state.HighestEpoch)
                : new AdmissionVerdict(AdmissionOutcome.Duplicate, key, state.HighestEpoch);
        }
    }

    /// <summary>Drops the state of a partition this worker no longer owns (revoked or lost in a rebalance).</summary>
    public void Forget(string topic, int partition)
    {
        lock (_gate)
        {
            _partitions.Remove((topic, partition));
        }
    }

    private sealed class PartitionState(int capacity)
    {
        public long? HighestEpoch { get; set; }

        public RecentKeyWindow Keys { get; } = new(capacity);
    }
}
