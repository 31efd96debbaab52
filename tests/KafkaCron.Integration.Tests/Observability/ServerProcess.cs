using System.Collections.Concurrent;
using System.Diagnostics;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>
/// A Prometheus or Alertmanager server started by a test on loopback; killed on dispose. A drill can kill it and
/// start it again with the same arguments (its data directory and address included).
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const int KeptLines = 200;
    private readonly ProcessStartInfo _start;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process _process;

    private ServerProcess(string name, ProcessStartInfo start, Uri baseAddress)
    {
        Name = name;
        _start = start;
        _process = Launch();
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

        var server = new ServerProcess(Path.GetFileName(executable), start, baseAddress);
        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>SIGKILL: the server dies as in a crash, its data left as it was.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>After <see cref="Kill"/>: the same server again, on the same address and data; returns once it is ready.</summary>
    public async Task RestartAsync()
    {
        Kill();
        _process.Dispose();
        _process = Launch();
        await WaitUntilReadyAsync();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _http.Dispose();
    }

    private Process Launch()
    {
        var process = Process.Start(_start) ?? throw new InvalidOperationException($"could not start {_start.FileName}");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private Task WaitUntilReadyAsync() =>
        Eventually.TrueAsync(IsReady, TimeSpan.FromSeconds(30), () => $"{Name} never became ready:\n{Output}");

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
