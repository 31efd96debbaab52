using KafkaCron.Core.Leadership;
using KafkaCron.ZooKeeper.Client;
using KafkaCron.ZooKeeper.Protocol;
using Microsoft.Extensions.Logging;

namespace KafkaCron.ZooKeeper.Election;

/// <summary>
/// A term won in ZooKeeper. Holds while three things hold: the session is alive, this replica's candidate node
/// exists, and the server answered within the lease bound. The first to fail cancels <see cref="Lost"/>.
/// </summary>
internal sealed class ZooKeeperLeadership : ILeadership
{
    private readonly ZooKeeperLeaderElector _elector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly Lock _lock = new();
    private LeaseMonitor? _lease;
    private CancellationTokenRegistration _sessionEnded;
    private string? _lostReason;
    private int _disposed;

    public ZooKeeperLeadership(
        ZooKeeperLeaderElector elector, ZooKeeperClient client, string candidatePath, long epoch, int epochVersion,
        string replicaId, TimeProvider time, ILogger logger)
    {
        _elector = elector;
        Client = client;
        CandidatePath = candidatePath;
        Epoch = epoch;
        EpochVersion = epochVersion;
        ReplicaId = replicaId;
        _time = time;
        _logger = logger;
    }

    public long Epoch { get; }

    public string ReplicaId { get; }

    public CancellationToken Lost => _lost.Token;

    public string? LostReason
    {
        get
        {
            lock (_lock)
            {
                return _lostReason;
            }
        }
    }

    public bool ConfirmHeld() => !_lost.IsCancellationRequested && _lease is { } lease && lease.Holds();

    internal ZooKeeperClient Client { get; }

    internal string CandidatePath { get; }

    /// <summary>The epoch node's version after this term's bump; a newer term's bump changes it.</summary>
    internal int EpochVersion { get; }

    /// <summary>Arms the three conditions; <paramref name="leaseBound"/> is strictly less than the session timeout.</summary>
    public void Start(TimeSpan leaseBound)
    {
        _lease = new LeaseMonitor(_time, () => Client.LastProofTimestamp, leaseBound, silent => Lose(FormattableString.Invariant(
            $"no reply from ZooKeeper for {silent.TotalMilliseconds:F0} ms (bound {leaseBound.TotalMilliseconds:F0} ms): the session may expire")));
        _sessionEnded = Client.SessionEnded.Register(() => Lose("the ZooKeeper session ended"));
        _ = WatchCandidateAsync();
    }

    /// <summary>Resigns: <see cref="Lost"/> fires first, then the candidate node goes so the next replica leads at once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Lose("resigned");
        await _sessionEnded.DisposeAsync();
        await _elector.ResignAsync(this);
    }

    private void Lose(string reason)
    {
        lock (_lock)
        {
            if (_lostReason is not null)
            {
                return;
            }

            _lostReason = reason;
        }

        _lost.Cancel();
        _lease?.Dispose();
        Log.LeadershipLost(_logger, ReplicaId, Epoch, reason);
    }

    private async Task WatchCandidateAsync()
    {
        try
        {
            while (!Lost.IsCancellationRequested)
            {
                Stat? stat;
                Task<WatchedEvent> changed;
                try
                {
                    (stat, changed) = await Client.ExistsAndWatchAsync(CandidatePath, Lost);
                }
                catch (ConnectionLossException)
                {
                    // The lease monitor decides whether the outage lasts too long; ask again on the next connection.
                    continue;
                }

                if (stat is null)
                {
                    Lose($"candidate node {CandidatePath} is gone");
                    return;
                }

                var change = await changed.WaitAsync(Lost);
                if (change.Type == WatchEventType.NodeDeleted)
                {
                    Lose($"candidate node {CandidatePath} was deleted");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Already lost.
        }
        catch (Exception ex) when (ex is ZooKeeperException or ObjectDisposedException)
        {
            Lose("cannot watch the candidate node: " + ex.Message);
        }
    }
}
