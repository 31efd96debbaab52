using System.Globalization;
using System.Net;
using System.Text;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>A loopback HTTP endpoint serving fixed Prometheus text, standing in for a kcron program's /metrics.</summary>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly HttpListener _listener;
    private readonly byte[] _body;

    private MetricsEndpoint(HttpListener listener, string address, string body)
    {
        _listener = listener;
        _body = Encoding.UTF8.GetBytes(body);
        Address = address;
    }

    /// <summary>host:port, as <c>docker-compose port</c> prints it.</summary>
    public string Address { get; }

    public static MetricsEndpoint Start(string body)
    {
        var address = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{FreePort.Next()}");
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://{address}/");
        listener.Start();
        var endpoint = new MetricsEndpoint(listener, address, body);
        _ = endpoint.ServeAsync();
        return endpoint;
    }

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
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

            context.Response.ContentType = "text/plain; version=0.0.4";
            await context.Response.OutputStream.WriteAsync(_body);
            context.Response.Close();
        }
    }
}
