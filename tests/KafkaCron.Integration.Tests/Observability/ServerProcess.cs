using System.Collections.Concurrent;
using System.Diagnostics;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>A Prometheus or Alertmanager server started by a test on loopback; killed on dispose.</summary>
internal sealed class ServerProcess : IDisposable
{
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private ServerProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public string Output => string.Join('\n', _lines);

    /// <summary>Starts <paramref name="executable"/> and waits until <c>/-/ready</c> answers.</summary>
    public static async Task<ServerProcess> StartAsync(string executable, Uri baseAddress, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var server = new ServerProcess(Path.GetFileName(executable), process, baseAddress);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.TrueAsync(server.IsReady, TimeSpan.FromSeconds(30), () => $"{server.Name} never became ready:\n{server.Output}");
        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        _http.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
        {
        }
    }

    private bool IsReady()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
        }

        try
        {
            using var response = _http.GetAsync(new Uri(BaseAddress, "-/ready")).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
