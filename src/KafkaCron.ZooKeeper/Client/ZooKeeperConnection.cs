using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using KafkaCron.ZooKeeper.Protocol;

namespace KafkaCron.ZooKeeper.Client;

/// <summary>
/// One TCP connection carrying a session: a single read loop matches replies to requests by xid and dispatches
/// notifications; a heartbeat loop pings and drops the connection when the server falls silent. Any failure closes
/// the connection for good; <see cref="ZooKeeperClient"/> then opens another.
/// </summary>
internal sealed class ZooKeeperConnection : IDisposable
{
    /// <summary>Far above ZooKeeper's own 1 MiB jute.maxbuffer; a larger length means a corrupt stream.</summary>
    private const int MaxPacketBytes = 16 * 1024 * 1024;

    private readonly NetworkStream _stream;
    private readonly ZooKeeperClient _owner;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _pendingLock = new();
    private readonly Dictionary<int, PendingRequest> _pending = [];
    private readonly ConcurrentQueue<long> _pingsSentAt = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _stopping;
    private readonly TaskCompletionSource<Exception> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _pingInterval;
    private readonly TimeSpan _readTimeout;
    private long _lastReceived;
    private long _lastSent;
    private bool _closed;

    private ZooKeeperConnection(Socket socket, ServerAddress server, ConnectResponse session, ZooKeeperClient owner, TimeProvider time)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
        _stopping = _stop.Token;
        Server = server;
        Session = session;
        _owner = owner;
        _time = time;
        var timeout = TimeSpan.FromMilliseconds(session.TimeoutMs);
        _pingInterval = timeout / 3;
        _readTimeout = timeout / 2;
        _lastReceived = _lastSent = time.GetTimestamp();
    }

    public ServerAddress Server { get; }

    public ConnectResponse Session { get; }

    /// <summary>Completes, never faults, with the reason once the connection is closed and its requests failed.</summary>
    public Task<Exception> Completion => _completion.Task;

    public bool IsClosed
    {
        get
        {
            lock (_pendingLock)
            {
                return _closed;
            }
        }
    }

    /// <summary>
    /// Connects and performs the session handshake. Throws <see cref="SessionExpiredException"/> when the server
    /// refuses to resume the session, any other exception when this server cannot be used now.
    /// </summary>
    public static async Task<ZooKeeperConnection> OpenAsync(
        ServerAddress server, ConnectRequest request, TimeSpan timeout, ZooKeeperClient owner, TimeProvider time, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, linked.Token);
            var sentAt = time.GetTimestamp();
            await socket.SendAsync(request.ToPacket(), SocketFlags.None, linked.Token);
            using var handshake = new NetworkStream(socket, ownsSocket: false);
            var response = ConnectResponse.Read(new JuteReader(await ReadPacketAsync(handshake, linked.Token)));
            if (response.SessionExpired)
            {
                throw new SessionExpiredException(FormattableString.Invariant(
                    $"ZooKeeper session 0x{request.SessionId:x} expired ({server} refused to resume it)"));
            }

            var connection = new ZooKeeperConnection(socket, server, response, owner, time);
            owner.ProveSession(sentAt);
            return connection;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException(FormattableString.Invariant(
                $"{server} did not complete the handshake within {timeout.TotalMilliseconds:F0} ms"));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts the read and heartbeat loops; called once the owner has recorded the session.</summary>
    public void Start()
    {
        _ = Task.Run(ReadLoopAsync, CancellationToken.None);
        _ = Task.Run(HeartbeatLoopAsync, CancellationToken.None);
    }

    /// <summary>
    /// Writes a request and registers <paramref name="pending"/> for its reply. Returns false, having sent
    /// nothing, when the connection is already closed: the caller may then safely retry on the next one.
    /// </summary>
    public async Task<bool> TrySendAsync(OpCode op, Action<JuteWriter>? body, PendingRequest pending, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            var xid = _owner.NextXid();
            var writer = new JuteWriter();
            writer.WriteInt(xid);
            writer.WriteInt((int)op);
            body?.Invoke(writer);
            lock (_pendingLock)
            {
                if (_closed)
                {
                    return false;
                }

                pending.SentAt = _time.GetTimestamp();
                _pending[xid] = pending;
            }

            await WriteAsync(writer.ToPacket());
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Re-arms the session's watches on this server; written before any other request.</summary>
    public async Task SendSetWatchesAsync(long relativeZxid, WatchRegistry watches)
    {
        var (data, exist, child) = watches.Snapshot();
        var writer = new JuteWriter();
        writer.WriteInt(Xids.SetWatches);
        writer.WriteInt((int)OpCode.SetWatches);
        writer.WriteLong(relativeZxid);
        writer.WriteStringVector(data);
        writer.WriteStringVector(exist);
        writer.WriteStringVector(child);
        await _writeLock.WaitAsync();
        try
        {
            await WriteAsync(writer.ToPacket());
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes the connection (idempotent) and fails its pending requests with a connection loss.</summary>
    public void Close(Exception reason)
    {
        List<PendingRequest> failed;
        lock (_pendingLock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            failed = [.. _pending.Values];
            _pending.Clear();
        }

        _stop.Cancel();
        _stream.Dispose();
        _owner.OnConnectionClosed(this, reason);

        var failure = reason is SessionExpiredException or ConnectionLossException
            ? reason
            : new ConnectionLossException($"connection to {Server} lost: {reason.Message}", reason);
        foreach (var request in failed)
        {
            request.Fail(failure);
        }

        _completion.TrySetResult(reason);
    }

    /// <summary>Closes the connection if still open and releases its resources.</summary>
    public void Dispose()
    {
        Close(new ObjectDisposedException(nameof(ZooKeeperConnection)));
        _stop.Dispose();
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> packet)
    {
        try
        {
            await _stream.WriteAsync(packet, _stopping);
            Volatile.Write(ref _lastSent, _time.GetTimestamp());
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close(ex);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var packet = await ReadPacketAsync(_stream, _stopping);
                Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                Dispatch(new JuteReader(packet));
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException
                                       or OperationCanceledException or InvalidDataException or ZooKeeperException)
        {
            Close(ex);
        }
    }

    private void Dispatch(JuteReader reader)
    {
        var header = ReplyHeader.Read(reader);
        if (header.Zxid > 0)
        {
            _owner.ObserveZxid(header.Zxid);
        }

        var error = (ZooKeeperErrorCode)header.Error;
        if (error == ZooKeeperErrorCode.SessionExpired)
        {
            throw new SessionExpiredException(FormattableString.Invariant(
                $"ZooKeeper session 0x{Session.SessionId:x} expired ({Server} said so)"));
        }

        switch (header.Xid)
        {
            case Xids.Ping:
                if (_pingsSentAt.TryDequeue(out var pingSentAt))
                {
                    _owner.ProveSession(pingSentAt);
                }

                return;
            case Xids.Notification:
                var type = reader.ReadInt();
                reader.ReadInt();
                var path = reader.ReadString() ?? "";
                if (Enum.IsDefined((WatchEventType)type))
                {
                    _owner.OnNotification(new WatchedEvent((WatchEventType)type, path));
                }

                return;
            case Xids.SetWatches:
                if (error != ZooKeeperErrorCode.Ok)
                {
                    throw ZooKeeperException.Create(error, null);
                }

                return;
        }

        PendingRequest? pending;
        lock (_pendingLock)
        {
            _pending.Remove(header.Xid, out pending);
        }

        if (pending is null)
        {
            throw new InvalidDataException(FormattableString.Invariant($"{Server} replied to unknown xid {header.Xid}"));
        }

        if (error == ZooKeeperErrorCode.SessionMoved)
        {
            throw ZooKeeperException.Create(error, null);
        }

        _owner.ProveSession(pending.SentAt);
        pending.Complete(error, reader);
    }

    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(20, _pingInterval.TotalMilliseconds / 4)), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping))
            {
                var silentFor = _time.GetElapsedTime(Volatile.Read(ref _lastReceived));
                if (silentFor > _readTimeout)
                {
                    Close(new TimeoutException(FormattableString.Invariant(
                        $"{Server} sent nothing for {silentFor.TotalMilliseconds:F0} ms")));
                    return;
                }

                if (_time.GetElapsedTime(Volatile.Read(ref _lastSent)) >= _pingInterval)
                {
                    await SendPingAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closed: the read loop or the owner already recorded why.
        }
    }

    private async Task SendPingAsync()
    {
        var writer = new JuteWriter();
        writer.WriteInt(Xids.Ping);
        writer.WriteInt((int)OpCode.Ping);
        await _writeLock.WaitAsync(_stopping);
        try
        {
            _pingsSentAt.Enqueue(_time.GetTimestamp());
            await WriteAsync(writer.ToPacket());
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadPacketAsync(Stream stream, CancellationToken ct)
    {
        var prefix = new byte[4];
        await stream.ReadExactlyAsync(prefix, ct);
        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length is < 0 or > MaxPacketBytes)
        {
            throw new InvalidDataException(FormattableString.Invariant($"ZooKeeper packet length {length} is out of range"));
        }

        var packet = new byte[length];
        await stream.ReadExactlyAsync(packet, ct);
        return packet;
    }
}
