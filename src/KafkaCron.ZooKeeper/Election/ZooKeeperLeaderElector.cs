using System.Globalization;
using System.Text;
using KafkaCron.Core.Leadership;
using KafkaCron.ZooKeeper.Client;
using Microsoft.Extensions.Logging;

namespace KafkaCron.ZooKeeper.Election;

/// <summary>
/// Leader election without herd effect: each replica adds an ephemeral-sequential candidate node under
/// <c>{root}/{deployment}/election</c>; the lowest leads and every other watches only its predecessor. A new
/// leader increments the persistent epoch node with a version-checked write that also checks its own candidate
/// node still exists. See docs/leader-election.md.
/// </summary>
public sealed class ZooKeeperLeaderElector : ILeaderElector
{
    private readonly ZooKeeperElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ElectionPaths _paths;
    private readonly SemaphoreSlim _sessionLock = new(1, 1);
    private readonly SemaphoreSlim _acquireLock = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private ZooKeeperClient? _client;
    private bool _layoutReady;
    private string? _candidatePath;
    private string? _unconfirmedToken;
    private ZooKeeperLeadership? _current;

    public ZooKeeperLeaderElector(ZooKeeperElectionOptions options, TimeProvider time, ILogger<ZooKeeperLeaderElector> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _paths = new ElectionPaths(options.RootPath, options.DeploymentId);
    }

    public async Task<ILeadership> AcquireAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposing.Token);
        await _acquireLock.WaitAsync(linked.Token);
        try
        {
            if (_current is { Lost.IsCancellationRequested: false })
            {
                throw new InvalidOperationException("this replica already leads; dispose the current leadership before acquiring again");
            }

            while (true)
            {
                try
                {
                    var leadership = await TryAcquireAsync(linked.Token);
                    if (leadership is not null)
                    {
                        _current = leadership;
                        return leadership;
                    }
                }
                catch (SessionExpiredException)
                {
                    Log.RejoiningAfterExpiry(_logger, _options.ReplicaId);
                    await DropSessionAsync();
                }
                catch (ConnectionLossException ex)
                {
                    Log.ZooKeeperUnreachable(_logger, _options.ConnectionString, ex.Message, _options.RetryInterval.TotalSeconds);
                    await Task.Delay(_options.RetryInterval, _time, linked.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Gave up waiting: a candidate node left behind would, once lowest, leave the deployment leaderless.
            await WithdrawCandidateAsync();
            throw;
        }
        finally
        {
            _acquireLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        await _disposing.CancelAsync();
        if (_current is not null)
        {
            await _current.DisposeAsync();
        }

        await DropSessionAsync();
    }

    /// <summary>The current session for reads by the checkpoint store, opened (and the layout created) if needed.</summary>
    internal async Task<ZooKeeperClient> GetSessionAsync(CancellationToken ct)
    {
        await _sessionLock.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
            if (_client is { State: SessionState.Expired or SessionState.Closed })
            {
                await _client.DisposeAsync();
                _client = null;
            }

            if (_client is null)
            {
                _client = await ZooKeeperClient.ConnectAsync(
                    ZooKeeperClientOptions.Parse(_options.ConnectionString, _options.SessionTimeout), _time, _logger, ct);
                _layoutReady = false;
                _candidatePath = null;
                _unconfirmedToken = null;
            }

            if (!_layoutReady)
            {
                await CreateLayoutAsync(_client, ct);
                _layoutReady = true;
            }

            return _client;
        }
        finally
        {
            _sessionLock.Release();
        }
    }

    /// <summary>
    /// Withdraws a resigned term's candidate node, unless a newer term of this replica won with the same node
    /// (the old term was lost to a connection gap, then this replica led again).
    /// </summary>
    internal Task ResignAsync(ZooKeeperLeadership term)
    {
        var newer = _current;
        return newer is not null && newer != term && newer.CandidatePath == term.CandidatePath
            ? Task.CompletedTask
            : WithdrawAsync(term.Client, term.CandidatePath);
    }

    /// <summary>Deletes a candidate node; failures are left to the session's end to clean up.</summary>
    private async Task WithdrawAsync(ZooKeeperClient client, string candidatePath)
    {
        using var timeout = new CancellationTokenSource(Bound(client.SessionTimeout / 2, TimeSpan.FromSeconds(2)), _time);
        try
        {
            await client.DeleteAsync(candidatePath, -1, timeout.Token);
            ForgetCandidate(candidatePath);
            Log.Resigned(_logger, _options.ReplicaId, candidatePath);
        }
        catch (NoNodeException)
        {
            ForgetCandidate(candidatePath);
        }
        catch (Exception ex) when (ex is ZooKeeperException or OperationCanceledException or ObjectDisposedException)
        {
            Log.WithdrawFailed(_logger, candidatePath, ex.Message);
        }
    }

    private static TimeSpan Bound(TimeSpan value, TimeSpan max) => value < max ? value : max;

    private async Task<ZooKeeperLeadership?> TryAcquireAsync(CancellationToken ct)
    {
        var client = await GetSessionAsync(ct);
        var candidatePath = await EnsureCandidateAsync(client, ct);
        var candidateName = candidatePath[(candidatePath.LastIndexOf('/') + 1)..];
        while (true)
        {
            var (children, _) = await client.GetChildrenAsync(_paths.Election, ct);
            var queue = Candidate.Order(children);
            var position = queue.ToList().FindIndex(c => c.Name == candidateName);
            if (position < 0)
            {
                ForgetCandidate(candidatePath);
                return null;
            }

            if (position == 0)
            {
                return await BecomeLeaderAsync(client, candidatePath, ct);
            }

            var predecessor = $"{_paths.Election}/{queue[position - 1].Name}";
            var (stat, changed) = await client.ExistsAndWatchAsync(predecessor, ct);
            if (stat is null)
            {
                continue;
            }

            Log.Standby(_logger, _options.ReplicaId, predecessor, position);
            await changed.WaitAsync(ct);
        }
    }

    private async Task<ZooKeeperLeadership?> BecomeLeaderAsync(ZooKeeperClient client, string candidatePath, CancellationToken ct)
    {
        while (true)
        {
            var (data, stat) = await client.GetDataAsync(_paths.Epoch, ct);
            var epoch = Math.Max(ParseEpoch(data), await ReadCheckpointEpochAsync(client, ct)) + 1;
            IReadOnlyList<OpResult> results;
            try
            {
                results = await client.MultiAsync(
                [
                    new ZooKeeperOp.Check(candidatePath, -1),
                    new ZooKeeperOp.SetData(_paths.Epoch, Encoding.UTF8.GetBytes(epoch.ToString(CultureInfo.InvariantCulture)), stat.Version),
                ], ct);
            }
            catch (BadVersionException)
            {
                continue;
            }
            catch (NoNodeException ex) when (ex.Path == candidatePath)
            {
                ForgetCandidate(candidatePath);
                return null;
            }

            var leadership = new ZooKeeperLeadership(
                this, client, candidatePath, epoch, results[1].Stat!.Version, _options.ReplicaId, _time, _logger);
            leadership.Start(client.SessionTimeout * _options.LeaseFraction);
            Log.Leading(_logger, _options.ReplicaId, _options.DeploymentId, epoch, client.SessionTimeout.TotalMilliseconds * _options.LeaseFraction);
            return leadership;
        }
    }

    /// <summary>
    /// The epoch of the last checkpoint, so that a lost or recreated epoch node cannot hand out an epoch that
    /// published fires already carried. An unreadable checkpoint counts as none here; the store refuses it anyway.
    /// </summary>
    private async Task<long> ReadCheckpointEpochAsync(ZooKeeperClient client, CancellationToken ct)
    {
        var (data, _) = await client.GetDataAsync(_paths.Checkpoint, ct);
        var decoded = ScheduleCheckpointCodec.Decode(data, _paths.DeploymentId);
        return decoded.Checkpoint?.Epoch ?? 0;
    }

    private long ParseEpoch(byte[] data)
    {
        if (data.Length == 0)
        {
            return 0;
        }

        var text = Encoding.UTF8.GetString(data);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? epoch
            : throw new InvalidOperationException(
                $"the epoch node {_paths.Epoch} holds '{text}', not a number; refusing to lead rather than reuse an epoch");
    }

    /// <summary>
    /// This replica's candidate node in the current session, created if needed. A create whose reply was lost may
    /// still have happened, so before creating another the queue is searched for the token of the unconfirmed one.
    /// </summary>
    private async Task<string> EnsureCandidateAsync(ZooKeeperClient client, CancellationToken ct)
    {
        if (_candidatePath is not null)
        {
            return _candidatePath;
        }

        if (_unconfirmedToken is not null)
        {
            var (children, _) = await client.GetChildrenAsync(_paths.Election, ct);
            var mine = Candidate.Order(children).FirstOrDefault(c => c.Token == _unconfirmedToken);
            if (mine is not null)
            {
                return Confirm($"{_paths.Election}/{mine.Name}");
            }
        }

        _unconfirmedToken = Guid.NewGuid().ToString("N");
        var path = await client.CreateAsync(
            $"{_paths.Election}/{Candidate.NamePrefix(_unconfirmedToken)}",
            Encoding.UTF8.GetBytes(_options.ReplicaId),
            CreateMode.EphemeralSequential,
            ct);
        return Confirm(path);
    }

    private string Confirm(string path)
    {
        _candidatePath = path;
        _unconfirmedToken = null;
        Log.Candidate(_logger, _options.ReplicaId, _options.DeploymentId, path);
        return path;
    }

    private void ForgetCandidate(string candidatePath)
    {
        if (_candidatePath == candidatePath)
        {
            _candidatePath = null;
        }
    }

    /// <summary>
    /// Only called while no live term exists (AcquireAsync refuses to run beside one), so the node is idle. A
    /// create cancelled while in flight may have happened: ZooKeeper answers a session's requests in order, so
    /// listing the queue now shows the node if it exists.
    /// </summary>
    private async Task WithdrawCandidateAsync()
    {
        var client = _client;
        if (client is null)
        {
            return;
        }

        var candidatePath = _candidatePath;
        if (candidatePath is null && _unconfirmedToken is { } token)
        {
            using var timeout = new CancellationTokenSource(Bound(client.SessionTimeout / 2, TimeSpan.FromSeconds(2)), _time);
            try
            {
                var (children, _) = await client.GetChildrenAsync(_paths.Election, timeout.Token);
                var mine = Candidate.Order(children).FirstOrDefault(c => c.Token == token);
                candidatePath = mine is null ? null : $"{_paths.Election}/{mine.Name}";
                _unconfirmedToken = null;
            }
            catch (Exception ex) when (ex is ZooKeeperException or OperationCanceledException or ObjectDisposedException)
            {
                Log.WithdrawFailed(_logger, $"{_paths.Election}/{Candidate.NamePrefix(token)}*", ex.Message);
            }
        }

        if (candidatePath is not null)
        {
            await WithdrawAsync(client, candidatePath);
        }
    }

    private async Task CreateLayoutAsync(ZooKeeperClient client, CancellationToken ct)
    {
        foreach (var path in _paths.PersistentNodes())
        {
            try
            {
                await client.CreateAsync(path, [], CreateMode.Persistent, ct);
            }
            catch (NodeExistsException)
            {
                // Another replica, or an earlier session, created it.
            }
        }
    }

    private async Task DropSessionAsync()
    {
        await _sessionLock.WaitAsync();
        try
        {
            if (_client is not null)
            {
                await _client.DisposeAsync();
                _client = null;
            }

            _candidatePath = null;
            _unconfirmedToken = null;
        }
        finally
        {
            _sessionLock.Release();
        }
    }
}
