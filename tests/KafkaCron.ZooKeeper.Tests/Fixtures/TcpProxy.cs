using System.Net;
using System.Net.Sockets;

namespace KafkaCron.ZooKeeper.Tests.Fixtures;

/// <summary>
/// A loopback TCP forwarder between a client and one server, for network faults: <see cref="Blackhole"/> stops
/// forwarding in both directions with every socket left open (a partition, or a frozen peer), and
/// <see cref="DropConnections"/> resets every connection (a crashed peer).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<Socket> _sockets = [];
    private TaskCompletionSource _open = NewOpen(open: true);
    private readonly Task _acceptLoop;

    public TcpProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string ConnectionString => $"127.0.0.1:{Port}";

    public void Blackhole()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = NewOpen(open: false);
            }
        }
    }

    public void Restore()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    public void DropConnections()
    {
        List<Socket> sockets;
        lock (_lock)
        {
            sockets = [.. _sockets];
            _sockets.Clear();
        }

        foreach (var socket in sockets)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (ObjectDisposedException)
            {
                // Its pump already closed it.
            }

            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        DropConnections();
        Restore();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewOpen(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_lock)
            {
                _sockets.Add(client);
                _sockets.Add(upstream);
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                Task gate;
                lock (_lock)
                {
                    gate = _open.Task;
                }

                await gate.WaitAsync(_stop.Token);
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                lock (_lock)
                {
                    gate = _open.Task;
                }

                // Bytes read just as the blackhole began are held back, not delivered.
                await gate.WaitAsync(_stop.Token);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Either side went away; the other is closed below.
        }

        lock (_lock)
        {
            _sockets.Remove(from);
            _sockets.Remove(to);
        }

        from.Dispose();
        to.Dispose();
    }
}
