using System.Globalization;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.WebConsole.DeadLetters;
using KafkaCron.WebConsole.Hosting;
using KafkaCron.WebConsole.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KafkaCron.WebConsole.Tests.Infrastructure;

/// <summary>
/// A real console on a free loopback port (Kestrel, the same composition as <c>kcron console</c>), with the dead-letter
/// store and the status readers replaced by whatever the test gives, and the log kept for assertions.
/// </summary>
internal sealed class ConsoleServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ConsoleServer(WebApplication app, string url, LogSink log)
    {
        _app = app;
        Url = url;
        Log = log;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(url) };
    }

    public string Url { get; }

    public HttpClient Client { get; }

    public LogSink Log { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ConsoleServer> StartAsync(ConsoleSetup setup)
    {
        var builder = WebConsoleHosting.CreateBuilder();
        var settings = new Dictionary<string, string?>
        {
            ["Console:Port"] = "0",
            ["Console:ListenHost"] = "localhost",
            ["Console:RefreshSeconds"] = setup.RefreshSeconds.ToString(CultureInfo.InvariantCulture),
            ["Console:BackendTimeoutSeconds"] = "2",
            ["Kafka:BootstrapServers"] = setup.BootstrapServers,
            ["Kafka:FetchWaitMaxMs"] = "10",
        };
        if (setup.JobsFile is { } jobs)
        {
            settings["Console:JobsFile"] = jobs;
        }

        if (setup.TokenFile is { } token)
        {
            settings["Console:AdminTokenFile"] = token;
        }

        if (setup.ZooKeeper is { } zookeeper)
        {
            settings["Console:ZooKeeper"] = zookeeper;
            settings["Console:Deployment"] = setup.Deployment;
        }

        foreach (var (key, value) in setup.Extra)
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var log = new LogSink();
        builder.Logging.AddProvider(log);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        // What KcronHost adds for every kcron program.
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<KafkaCronMetrics>();
        builder.Services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName);
        builder.Services.AddSingleton<KafkaClientFactory>();
        if (setup.Time is { } time)
        {
            builder.Services.AddSingleton(time);
        }

        if (setup.DeadLetters is { } deadLetters)
        {
            builder.Services.AddSingleton<IDeadLetterStore>(deadLetters);
        }

        if (setup.Groups is { } groups)
        {
            builder.Services.AddSingleton(groups);
        }

        if (setup.Election is { } election)
        {
            builder.Services.AddSingleton(election);
        }

        builder.Services.AddKcronConsole();
        var app = builder.Build();
        app.MapKcronConsole();
        await app.StartAsync();
        return new ConsoleServer(app, app.Url(), log);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What a test's console runs with; anything left null is the production implementation or absent.</summary>
internal sealed record ConsoleSetup
{
    public string BootstrapServers { get; init; } = "127.0.0.1:1";

    public string? JobsFile { get; init; }

    public string? TokenFile { get; init; }

    public string? ZooKeeper { get; init; }

    public string Deployment { get; init; } = "default";

    public int RefreshSeconds { get; init; } = 10;

    public TimeProvider? Time { get; init; }

    public IDeadLetterStore? DeadLetters { get; init; }

    public IConsumerGroupInspector? Groups { get; init; }

    public IElectionReader? Election { get; init; }

    public IReadOnlyDictionary<string, string?> Extra { get; init; } = new Dictionary<string, string?>();
}
