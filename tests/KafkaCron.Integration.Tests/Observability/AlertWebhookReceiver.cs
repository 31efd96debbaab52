using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>One alert as Alertmanager's webhook delivered it, with when it arrived on the drill's stopwatch.</summary>
internal sealed record DeliveredAlert(string Name, string Status, IReadOnlyDictionary<string, string> Labels, TimeSpan ReceivedAt);

/// <summary>The receiver in the drill's Alertmanager route: an HttpListener on a free loopback port that keeps every alert.</summary>
internal sealed class AlertWebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<DeliveredAlert> _alerts = new();
    private readonly Stopwatch _clock;
    private readonly Task _serving;

    public AlertWebhookReceiver(Stopwatch clock)
    {
        _clock = clock;
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/alerts";

    public IReadOnlyList<DeliveredAlert> Alerts => [.. _alerts];

    /// <summary>The first delivery of <paramref name="alert"/> with <paramref name="status"/> at or after <paramref name="since"/>.</summary>
    public DeliveredAlert? First(string alert, string status, TimeSpan since, string? cluster = null) =>
        _alerts.FirstOrDefault(a => a.Name == alert && a.Status == status && a.ReceivedAt >= since
                                    && (cluster is null || (a.Labels.TryGetValue("cluster", out var c) && c == cluster)));

    public string Describe() =>
        string.Join('\n', _alerts.Select(a => $"{a.ReceivedAt.TotalSeconds,7:F1}s {a.Status,-8} {a.Name} {string.Join(',', a.Labels.Select(l => $"{l.Key}={l.Value}"))}"));

    public void Dispose()
    {
        _listener.Close();
        _serving.ContinueWith(static _ => { }, TaskScheduler.Default).Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var receivedAt = _clock.Elapsed;
            using (var body = await JsonDocument.ParseAsync(context.Request.InputStream))
            {
                foreach (var alert in body.RootElement.GetProperty("alerts").EnumerateArray())
                {
                    var labels = alert.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
                    _alerts.Enqueue(new DeliveredAlert(labels["alertname"], alert.GetProperty("status").GetString()!, labels, receivedAt));
                }
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
