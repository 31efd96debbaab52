using KafkaCron.ZooKeeper.Protocol;
using Microsoft.Extensions.Logging;

namespace KafkaCron.ZooKeeper.Client;

/// <summary>
/// A ZooKeeper session over a managed implementation of the wire protocol, limited to what leader election and
/// the checkpoint need. Reconnects to the next server of the ensemble when a connection breaks and resumes the
/// session there; requests issued meanwhile wait for the new connection. Ends for good when a server reports the
/// session expired or the owner disposes it. See docs/decisions/zookeeper-client.md.
/// </summary>
internal sealed class ZooKeeperClient : IAsyncDisposable
{
    private readonly ZooKeeperClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WatchRegistry _watches = new();
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _ended = new();
    private TaskCompletionSource<ZooKeeperConnection> _ready = NewReady();
    private ZooKeeperConnection? _current;
    private SessionState _state = SessionState.Disconnected;
    private Task _supervisor = Task.CompletedTask;
    private int _nextServer;
    private int _xid;
    private long _lastZxid;
    private long _lastProof;
    private byte[] _password = new byte[16];

    private ZooKeeperClient(ZooKeeperClientOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _nextServer = Random.Shared.Next(options.Servers.Count);
    }

    public long SessionId { get; private set; }

    /// <summary>The timeout the server granted, which may differ from the one asked for.</summary>
    public TimeSpan SessionTimeout { get; private set; }

    public SessionState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>The server of the current connection; null while disconnected.</summary>
    public ServerAddress? ConnectedServer
    {
        get
        {
            lock (_lock)
            {
                return _state == SessionState.Connected ? _current?.Server : null;
            }
        }
    }

    /// <summary>Cancelled when the session expires or the client is disposed.</summary>
    public CancellationToken SessionEnded => _ended.Token;

    /// <summary>
    /// <see cref="TimeProvider.GetTimestamp"/> of the latest request, ping or handshake that the server answered:
    /// the server heard from the session at or after this instant, so it cannot expire it before
    /// this instant plus the session timeout.
    /// </summary>
    public long LastProofTimestamp => Interlocked.Read(ref _lastProof);

    /// <summary>
    /// Opens a session, trying each server once. Throws <see cref="ConnectionLossException"/> naming every server
    /// and why it failed when none answered.
    /// </summary>
    public static async Task<ZooKeeperClient> ConnectAsync(
        ZooKeeperClientOptions options, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        var client = new ZooKeeperClient(options, time, logger);
        var failures = new List<string>();
        for (var attempt = 0; attempt < options.Servers.Count; attempt++)
        {
            try
            {
                var connection = await client.OpenNextAsync(ct);
                if (!await client.TryResumeAsync(connection))
                {
                    failures.Add($"{connection.Server}: closed the connection right after the handshake");
                    continue;
                }

                Log.SessionOpened(logger, connection.Server.ToString(), connection.Session.SessionId, connection.Session.TimeoutMs);
                client._supervisor = Task.Run(() => client.SuperviseAsync(connection), CancellationToken.None);
                return client;
            }
            catch (Exception ex) when (IsServerUnusable(ex))
            {
                failures.Add(ex.Message);
            }
        }

        throw new ConnectionLossException(
            $"could not connect to any ZooKeeper server of '{options}': {string.Join("; ", failures)}");
    }

    public Task<string> CreateAsync(string path, byte[] data, CreateMode mode, CancellationToken ct) =>
        SubmitAsync(OpCode.Create, w => Requests.WriteCreate(w, path, data, mode), (error, reader) =>
        {
            ThrowIfError(error, path);
            return reader.ReadString() ?? path;
        }, ct);

    public Task DeleteAsync(string path, int version, CancellationToken ct) =>
        SubmitAsync(OpCode.Delete, w =>
        {
            w.WriteString(path);
            w.WriteInt(version);
        }, (error, _) =>
        {
            ThrowIfError(error, path);
            return true;
        }, ct);

    /// <summary>The node's stat, or null when it does not exist.</summary>
    public Task<Stat?> ExistsAsync(string path, CancellationToken ct) =>
        SubmitAsync(OpCode.Exists, w => Requests.WritePathAndWatch(w, path, false), (error, reader) =>
            error == ZooKeeperErrorCode.NoNode ? null : ReadStat(error, path, reader), ct);

    /// <summary>
    /// As <see cref="ExistsAsync"/>, and arms a watch that completes on the node's creation, change or deletion
    /// (fails with <see cref="SessionExpiredException"/> or <see cref="ObjectDisposedException"/> if the session ends first).
    /// </summary>
    public async Task<(Stat? Stat, Task<WatchedEvent> Changed)> ExistsAndWatchAsync(string path, CancellationToken ct)
    {
        var changed = NewWatch();
        var stat = await SubmitAsync(OpCode.Exists, w => Requests.WritePathAndWatch(w, path, true), (error, reader) =>
        {
            if (error == ZooKeeperErrorCode.NoNode)
            {
                _watches.Add(WatchKind.Exist, path, changed);
                return null;
            }

            var stat = ReadStat(error, path, reader);
            _watches.Add(WatchKind.Data, path, changed);
            return stat;
        }, ct);
        return (stat, changed.Task);
    }

    public Task<(byte[] Data, Stat Stat)> GetDataAsync(string path, CancellationToken ct) =>
        SubmitAsync(OpCode.GetData, w => Requests.WritePathAndWatch(w, path, false), (error, reader) =>
        {
            ThrowIfError(error, path);
            return (reader.ReadBuffer(), Stat.Read(reader));
        }, ct);

    public async Task<(byte[] Data, Stat Stat, Task<WatchedEvent> Changed)> GetDataAndWatchAsync(string path, CancellationToken ct)
    {
        var changed = NewWatch();
        var (data, stat) = await SubmitAsync(OpCode.GetData, w => Requests.WritePathAndWatch(w, path, true), (error, reader) =>
        {
            ThrowIfError(error, path);
            var result = (reader.ReadBuffer(), Stat.Read(reader));
            _watches.Add(WatchKind.Data, path, changed);
            return result;
        }, ct);
        return (data, stat, changed.Task);
    }

    /// <summary>Sets the data if the node's version is <paramref name="version"/> (-1: any version).</summary>
    public Task<Stat> SetDataAsync(string path, byte[] data, int version, CancellationToken ct) =>
        SubmitAsync(OpCode.SetData, w =>
        {
            w.WriteString(path);
            w.WriteBuffer(data);
            w.WriteInt(version);
        }, (error, reader) => ReadStat(error, path, reader), ct);

    public Task<(IReadOnlyList<string> Children, Stat Stat)> GetChildrenAsync(string path, CancellationToken ct) =>
        SubmitAsync(OpCode.GetChildren2, w => Requests.WritePathAndWatch(w, path, false), (error, reader) =>
        {
            ThrowIfError(error, path);
            return (reader.ReadStringVector(), Stat.Read(reader));
        }, ct);

    public async Task<(IReadOnlyList<string> Children, Stat Stat, Task<WatchedEvent> Changed)> GetChildrenAndWatchAsync(
        string path, CancellationToken ct)
    {
        var changed = NewWatch();
        var (children, stat) = await SubmitAsync(OpCode.GetChildren2, w => Requests.WritePathAndWatch(w, path, true), (error, reader) =>
        {
            ThrowIfError(error, path);
            var result = (reader.ReadStringVector(), Stat.Read(reader));
            _watches.Add(WatchKind.Child, path, changed);
            return result;
        }, ct);
        return (children, stat, changed.Task);
    }

    /// <summary>
    /// Applies all <paramref name="ops"/> atomically or none. On failure throws the exception of the first
    /// failing op (its <see cref="ZooKeeperException.Path"/> names it).
    /// </summary>
    public Task<IReadOnlyList<OpResult>> MultiAsync(IReadOnlyList<ZooKeeperOp> ops, CancellationToken ct) =>
        SubmitAsync(OpCode.Multi, w => MultiCodec.Write(w, ops), (error, reader) =>
        {
            ThrowIfError(error, null);
            return MultiCodec.Read(reader, ops);
        }, ct);

    /// <summary>Closes the session on the server (deleting its ephemeral nodes at once) and stops reconnecting.</summary>
    public async ValueTask DisposeAsync()
    {
        ZooKeeperConnection? connection;
        lock (_lock)
        {
            connection = _state == SessionState.Connected ? _current : null;
        }

        if (connection is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Min(1000, SessionTimeout.TotalMilliseconds / 2)), _time);
            var closing = new PendingRequest<bool>((_, _) => true);
            try
            {
                if (await connection.TrySendAsync(OpCode.CloseSession, null, closing, timeout.Token))
                {
                    await closing.Task.WaitAsync(timeout.Token);
                }
            }
            catch (Exception ex) when (ex is ZooKeeperException or OperationCanceledException)
            {
                // The server will expire the session by itself; nothing more to do on the way out.
            }
        }

        End(SessionState.Closed, new ObjectDisposedException(nameof(ZooKeeperClient), "the ZooKeeper client was disposed"));
        await _supervisor;
    }

    internal int NextXid() => Interlocked.Increment(ref _xid);

    internal void ObserveZxid(long zxid)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _lastZxid);
        }
        while (zxid > seen && Interlocked.CompareExchange(ref _lastZxid, zxid, seen) != seen);
    }

    internal void ProveSession(long sentAt)
    {
        long proof;
        do
        {
            proof = Interlocked.Read(ref _lastProof);
        }
        while (sentAt > proof && Interlocked.CompareExchange(ref _lastProof, sentAt, proof) != proof);
    }

    internal void OnNotification(WatchedEvent watchedEvent) => _watches.Trigger(watchedEvent);

    internal void OnConnectionClosed(ZooKeeperConnection connection, Exception reason)
    {
        if (reason is SessionExpiredException expired)
        {
            End(SessionState.Expired, expired);
            return;
        }

        lock (_lock)
        {
            if (_current != connection || _state != SessionState.Connected)
            {
                return;
            }

            _state = SessionState.Disconnected;
            _ready = NewReady();
        }

        Log.Disconnected(_logger, connection.Server.ToString(), SessionId, reason.Message);
    }

    private static TaskCompletionSource<ZooKeeperConnection> NewReady() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource<WatchedEvent> NewWatch() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static bool IsServerUnusable(Exception ex) =>
        ex is IOException or System.Net.Sockets.SocketException or TimeoutException or InvalidDataException
            || (ex is ZooKeeperException zk && zk is not SessionExpiredException);

    private static void ThrowIfError(ZooKeeperErrorCode error, string? path)
    {
        if (error != ZooKeeperErrorCode.Ok)
        {
            throw ZooKeeperException.Create(error, path);
        }
    }

    private static Stat ReadStat(ZooKeeperErrorCode error, string path, JuteReader reader)
    {
        ThrowIfError(error, path);
        return Stat.Read(reader);
    }

    private async Task<T> SubmitAsync<T>(
        OpCode op, Action<JuteWriter> body, Func<ZooKeeperErrorCode, JuteReader, T> handler, CancellationToken ct)
    {
        while (true)
        {
            var connection = await WaitForConnectionAsync(ct);
            var pending = new PendingRequest<T>(handler);
            if (await connection.TrySendAsync(op, body, pending, ct))
            {
                return await pending.Task.WaitAsync(ct);
            }

            await connection.Completion.WaitAsync(ct);
        }
    }

    private async Task<ZooKeeperConnection> WaitForConnectionAsync(CancellationToken ct)
    {
        while (true)
        {
            Task<ZooKeeperConnection> ready;
            lock (_lock)
            {
                ready = _ready.Task;
            }

            var connection = await ready.WaitAsync(ct);
            if (!connection.IsClosed)
            {
                return connection;
            }

            await connection.Completion.WaitAsync(ct);
        }
    }

    private async Task<ZooKeeperConnection> OpenNextAsync(CancellationToken ct)
    {
        var server = _options.Servers[_nextServer];
        _nextServer = (_nextServer + 1) % _options.Servers.Count;
        var timeout = (SessionTimeout > TimeSpan.Zero ? SessionTimeout : _options.SessionTimeout) / _options.Servers.Count;
        var request = new ConnectRequest(
            Interlocked.Read(ref _lastZxid), (int)_options.SessionTimeout.TotalMilliseconds, SessionId, _password);
        try
        {
            return await ZooKeeperConnection.OpenAsync(server, request, timeout, this, _time, ct);
        }
        catch (Exception ex) when (IsServerUnusable(ex) && ex is not TimeoutException and not ZooKeeperException)
        {
            throw new IOException($"{server}: {ex.Message}", ex);
        }
    }

    /// <summary>Records the session the server granted and makes the connection current; its loops start now.</summary>
    private void Adopt(ZooKeeperConnection connection)
    {
        SessionId = connection.Session.SessionId;
        _password = connection.Session.Password;
        SessionTimeout = TimeSpan.FromMilliseconds(connection.Session.TimeoutMs);
        lock (_lock)
        {
            _current = connection;
        }

        connection.Start();
    }

    private async Task SuperviseAsync(ZooKeeperConnection connection)
    {
        while (true)
        {
            await connection.Completion;
            connection.Dispose();
            if (_ended.IsCancellationRequested)
            {
                return;
            }

            var next = await ReconnectAsync();
            if (next is null)
            {
                return;
            }

            connection = next;
        }
    }

    private async Task<ZooKeeperConnection?> ReconnectAsync()
    {
        var backoff = TimeSpan.FromMilliseconds(Math.Clamp(SessionTimeout.TotalMilliseconds / 20, 50, 1000));
        while (!_ended.IsCancellationRequested)
        {
            for (var attempt = 0; attempt < _options.Servers.Count; attempt++)
            {
                ZooKeeperConnection connection;
                try
                {
                    connection = await OpenNextAsync(_ended.Token);
                }
                catch (SessionExpiredException ex)
                {
                    End(SessionState.Expired, ex);
                    return null;
                }
                catch (Exception ex) when (IsServerUnusable(ex))
                {
                    Log.ReconnectFailed(_logger, ex.Message);
                    continue;
                }
                catch (OperationCanceledException)
                {
                    return null;
                }

                if (!await TryResumeAsync(connection))
                {
                    continue;
                }

                Log.Reconnected(_logger, connection.Server.ToString(), SessionId);
                return connection;
            }

            try
            {
                await Task.Delay(backoff, _time, _ended.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Adopts the connection, re-arms watches with SetWatches before any request can be written, then releases
    /// the requests waiting for a connection. False when the connection died meanwhile or the client ended.
    /// </summary>
    private async Task<bool> TryResumeAsync(ZooKeeperConnection connection)
    {
        Adopt(connection);
        if (!_watches.IsEmpty)
        {
            await connection.SendSetWatchesAsync(Interlocked.Read(ref _lastZxid), _watches);
        }

        lock (_lock)
        {
            if (_state is SessionState.Expired or SessionState.Closed)
            {
                connection.Close(new ObjectDisposedException(nameof(ZooKeeperClient)));
                return false;
            }

            if (connection.IsClosed)
            {
                return false;
            }

            _state = SessionState.Connected;
            _ready.TrySetResult(connection);
        }

        return true;
    }

    private void End(SessionState state, Exception reason)
    {
        ZooKeeperConnection? connection;
        lock (_lock)
        {
            if (_state is SessionState.Expired or SessionState.Closed)
            {
                return;
            }

            _state = state;
            connection = _current;
            if (!_ready.TrySetException(reason))
            {
                _ready = NewReady();
                _ready.SetException(reason);
            }
        }

        if (state == SessionState.Expired)
        {
            Log.SessionExpired(_logger, SessionId);
        }

        _watches.End(reason);
        _ended.Cancel();
        connection?.Close(reason);
    }
}
