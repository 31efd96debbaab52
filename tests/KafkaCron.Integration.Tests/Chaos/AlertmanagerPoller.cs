using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// The alerts of an Alertmanager the drill cannot receive webhooks from (a compose stack's, which sends nowhere):
/// its API is polled every second, and an alert that appears among the active, neither silenced nor inhibited ones
/// counts as firing then, one that disappears as resolved. An unreachable Alertmanager changes nothing.
/// </summary>
internal sealed class AlertmanagerPoller : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Stopwatch _clock;
    private readonly ConcurrentQueue<DeliveredAlert> _alerts = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;
    private Dictionary<string, DeliveredAlert> _active = new(StringComparer.Ordinal);

    public AlertmanagerPoller(Uri alertmanager, Stopwatch clock)
    {
        _http = new HttpClient { BaseAddress = alertmanager, Timeout = TimeSpan.FromSeconds(5) };
        _clock = clock;
        _polling = Task.Run(PollAsync);
    }

    public IReadOnlyList<DeliveredAlert> Alerts => [.. _alerts];

    /// <summary>
    /// What changed between two answers of <c>GET /api/v2/alerts</c>: alerts now active that were not (firing), and
    /// alerts no longer active (resolved). Keyed by every label.
    /// </summary>
    public static (Dictionary<string, DeliveredAlert> Active, IReadOnlyList<DeliveredAlert> Changes) Compare(
        IReadOnlyDictionary<string, DeliveredAlert> before, JsonElement answer, TimeSpan now)
    {
        var active = new Dictionary<string, DeliveredAlert>(StringComparer.Ordinal);
        foreach (var alert in answer.EnumerateArray())
        {
            var labels = alert.GetProperty("labels").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
            var key = string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
            active[key] = before.TryGetValue(key, out var known) ? known : new DeliveredAlert(labels["alertname"], "firing", labels, now);
        }

        var changes = active.Where(a => !before.ContainsKey(a.Key)).Select(a => a.Value)
            .Concat(before.Where(b => !active.ContainsKey(b.Key)).Select(b => b.Value with { Status = "resolved", ReceivedAt = now }))
            .ToList();
        return (active, changes);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        _stop.Dispose();
        _http.Dispose();
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var answer = await _http.GetFromJsonAsync<JsonElement>(
                    new Uri("api/v2/alerts?active=true&silenced=false&inhibited=false", UriKind.Relative), _stop.Token);
                var (active, changes) = Compare(_active, answer, _clock.Elapsed);
                _active = active;
                foreach (var change in changes)
                {
                    _alerts.Enqueue(change);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                // Alertmanager down (a drill) or not yet up: nothing is known to have changed.
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }
}
