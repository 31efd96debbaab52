using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>
/// A real Prometheus server on a free loopback port with an empty temp config and storage, for checking that
/// PromQL written elsewhere (dashboards) parses. Stopped and its directory deleted on dispose.
/// </summary>
public sealed class PrometheusServerFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kcron-prometheus-").FullName;
    private Process? _process;

    /// <summary>Why the server is not available (binary missing), or null when it runs.</summary>
    public string? Unavailable { get; private set; }

    public Uri? BaseAddress { get; private set; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        var prometheus = ExternalTool.Find("prometheus");
        if (prometheus is null)
        {
            Unavailable = $"prometheus is not installed: {ExternalTool.InstallHint}";
            return;
        }

        var config = Path.Combine(_directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1m\n");
        var port = FreePort.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(prometheus)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--config.file=" + config,
                     "--storage.tsdb.path=" + Path.Combine(_directory, "data"),
                     $"--web.listen-address=127.0.0.1:{port}",
                     "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus");
        // Drain its output so a chatty server never blocks on a full pipe.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await Eventually.TrueAsync(IsReady, TimeSpan.FromSeconds(30), () => $"prometheus on port {port} never became ready");
    }

    /// <summary>Runs an instant query; returns the HTTP status and Prometheus' status/error fields.</summary>
    public async Task<(int Status, string ResultStatus, string? Error)> QueryAsync(string promql)
    {
        using var response = await Http.PostAsync(
            new Uri(BaseAddress!, "api/v1/query"), new FormUrlEncodedContent([new("query", promql)]));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return ((int)response.StatusCode,
            body.GetProperty("status").GetString() ?? string.Empty,
            body.TryGetProperty("error", out var error) ? error.GetString() : null);
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        Http.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private bool IsReady()
    {
        if (_process!.HasExited)
        {
            throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}");
        }

        try
        {
            using var response = Http.GetAsync(new Uri(BaseAddress!, "-/ready")).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
