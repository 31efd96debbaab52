using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Mock;

/// <summary>
/// Gives the mock cluster a fixed bootstrap address. librdkafka's mock brokers listen on ports the kernel picks,
/// so this forwards each connection on the fixed port, byte for byte, to the first broker that is up. Clients then
/// learn every broker's real address from the metadata, exactly as with a real cluster.
/// </summary>
public sealed class BootstrapForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<IReadOnlyList<string>> _upBrokers;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;

    private BootstrapForwarder(TcpListener listener, Func<IReadOnlyList<string>> upBrokers, ILogger logger)
    {
        _listener = listener;
        _upBrokers = upBrokers;
        _logger = logger;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <param name="port">The fixed port; 0 picks a free one.</param>
    /// <param name="upBrokers">The addresses (host:port) of the brokers that are up now, in order of preference.</param>
    public static BootstrapForwarder Start(IPAddress address, int port, Func<IReadOnlyList<string>> upBrokers, ILogger logger)
    {
        var listener = new TcpListener(address, port);
        listener.Start();
        return new BootstrapForwarder(listener, upBrokers, logger);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            foreach (var broker in _upBrokers())
            {
                var separator = broker.LastIndexOf(':');
                using var upstream = new TcpClient();
                try
                {
                    await upstream.ConnectAsync(broker[..separator], int.Parse(broker[(separator + 1)..], System.Globalization.CultureInfo.InvariantCulture), _stopping.Token);
                }
                catch (SocketException ex)
                {
                    MockLog.ForwardTargetUnreachable(_logger, broker, ex.SocketErrorCode);
                    continue;
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                client.NoDelay = true;
                upstream.NoDelay = true;
                using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                var clientStream = client.GetStream();
                var upstreamStream = upstream.GetStream();
                var toBroker = PumpAsync(clientStream, upstreamStream, connection.Token);
                var toClient = PumpAsync(upstreamStream, clientStream, connection.Token);
                await Task.WhenAny(toBroker, toClient);
                await connection.CancelAsync();
                return;
            }

            MockLog.NoBrokerUp(_logger);
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side closing ends the forwarded connection; the client reconnects as it would to a real broker.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stopping.Dispose();
    }
}
