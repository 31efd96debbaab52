using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Mock;

/// <summary>
/// The drill surface of <c>kcron broker</c>, plain HTTP on loopback so chaos scripts need only curl:
/// <c>GET /status</c>, <c>POST /brokers/{id}/down</c>, <c>POST /brokers/{id}/up</c>,
/// <c>POST /topics/{topic}/partitions/{p}/leader/{broker}</c>, <c>POST /topics/{topic}?partitions=N</c>.
/// </summary>
public sealed class MockBrokerControlServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly MockBroker _broker;
    private readonly ILogger _logger;
    private readonly Task _loop;

    private MockBrokerControlServer(MockBroker broker, int port, ILogger logger)
    {
        _broker = broker;
        _logger = logger;
        Port = port;
        // HttpListener matches the Host header; both loopback spellings must reach the drills, and nothing else may.
        _listener.Prefixes.Add(FormattableString.Invariant($"http://127.0.0.1:{port}/"));
        _listener.Prefixes.Add(FormattableString.Invariant($"http://localhost:{port}/"));
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => FormattableString.Invariant($"http://127.0.0.1:{Port}");

    /// <exception cref="PortInUseException">The control port is taken.</exception>
    public static MockBrokerControlServer Start(MockBroker broker, int port, ILogger logger)
    {
        try
        {
            return new MockBrokerControlServer(broker, port, logger);
        }
        catch (HttpListenerException ex)
        {
            throw new PortInUseException(FormattableString.Invariant(
                $"control port {port} cannot be opened ({ex.Message}); choose another with --control-port"), ex);
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Handle(context);
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Url?.AbsolutePath ?? "/";
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            var (status, body) = Dispatch(request.HttpMethod, segments, request.QueryString["partitions"]);
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.OutputStream.Write(body);
        }
        catch (ArgumentException ex)
        {
            MockLog.ControlRequestFailed(_logger, request.HttpMethod, path, ex.Message);
            response.StatusCode = 400;
            response.OutputStream.Write(ErrorBody(ex.Message));
        }
        catch (InvalidOperationException ex)
        {
            MockLog.ControlRequestFailed(_logger, request.HttpMethod, path, ex.Message);
            response.StatusCode = 409;
            response.OutputStream.Write(ErrorBody(ex.Message));
        }
        finally
        {
            response.Close();
        }
    }

    private (int Status, byte[] Body) Dispatch(string method, string[] segments, string? partitions)
    {
        switch (method, segments)
        {
            case ("GET", ["status"]) or ("GET", []):
                return (200, StatusBody());
            case ("POST", ["brokers", var id, "down"]):
                _broker.SetBrokerDown(ParseInt(id, "broker id"));
                return (200, StatusBody());
            case ("POST", ["brokers", var id, "up"]):
                _broker.SetBrokerUp(ParseInt(id, "broker id"));
                return (200, StatusBody());
            case ("POST", ["topics", var topic, "partitions", var partition, "leader", var brokerId]):
                _broker.SetPartitionLeader(Uri.UnescapeDataString(topic), ParseInt(partition, "partition"), ParseInt(brokerId, "broker id"));
                return (200, StatusBody());
            case ("POST", ["topics", var topic]):
                _broker.CreateTopic(Uri.UnescapeDataString(topic), ParseInt(partitions ?? "1", "partitions"));
                return (200, StatusBody());
            default:
                return (404, ErrorBody($"no control endpoint {method} /{string.Join('/', segments)}"));
        }
    }

    private byte[] StatusBody()
    {
        var status = _broker.Status;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("bootstrapServers", status.BootstrapServers);
            json.WriteStartArray("brokers");
            foreach (var node in status.Brokers)
            {
                json.WriteStartObject();
                json.WriteNumber("id", node.Id);
                json.WriteString("address", node.Address);
                json.WriteBoolean("up", node.Up);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("topics");
            foreach (var topic in status.Topics)
            {
                json.WriteStartObject();
                json.WriteString("name", topic.Name);
                json.WriteNumber("partitions", topic.Partitions);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] ErrorBody(string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["error"] = message });

    private static int ParseInt(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{what} '{text}' is not a number");

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
