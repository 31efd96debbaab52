using System.CommandLine;
using KafkaCron.Cli.Hosting;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// Where the operator commands (history, trigger, pause, resume, status) find Kafka, and how long it has to answer.
/// The settings layer as everywhere (flags over <c>KCRON_KAFKA__*</c> over <c>--config</c>); nothing is logged, so
/// the output is only the command's own, and <c>--json</c> stays JSON.
/// </summary>
internal sealed class KafkaCommandOptions
{
    public const double MaxTimeoutSeconds = 600;

    private readonly SettingsOptions _settings = new();

    public Option<string?> BootstrapServers => _settings.BootstrapServers;

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds Kafka has to answer; past them the command gives up with one line and exit 1.",
        DefaultValueFactory = _ => 10,
    };

    /// <summary>Whether Kafka was named at all: a flag, a settings file, or <c>KCRON_KAFKA__BOOTSTRAPSERVERS</c>.</summary>
    public bool IsGiven(ParseResult parse) =>
        parse.GetValue(_settings.BootstrapServers) is not null
        || parse.GetValue(_settings.ConfigFile) is not null
        || Environment.GetEnvironmentVariable(KcronHost.EnvironmentPrefix + "KAFKA__BOOTSTRAPSERVERS") is not null;

    public void AddTo(Command command)
    {
        command.Options.Add(_settings.ConfigFile);
        command.Options.Add(_settings.BootstrapServers);
        command.Options.Add(Timeout);
    }

    /// <summary>The Kafka clients for one command; dispose it when done.</summary>
    /// <exception cref="SettingException">--timeout out of range.</exception>
    public KafkaCommandContext Open(ParseResult parse)
    {
        var seconds = parse.GetValue(Timeout);
        if (!double.IsFinite(seconds) || seconds is <= 0 or > MaxTimeoutSeconds)
        {
            throw new SettingException(FormattableString.Invariant($"--timeout must be more than 0 and at most {MaxTimeoutSeconds} seconds, not {seconds}"));
        }

        var flags = new List<KeyValuePair<string, string?>>
        {
            new("Telemetry:MetricsPort", "0"),
            new("Logging:LogLevel:Default", "None"),
        };
        if (parse.GetValue(_settings.BootstrapServers) is { } bootstrap)
        {
            flags.Add(new($"{KafkaOptions.SectionName}:{nameof(KafkaOptions.BootstrapServers)}", bootstrap));
        }

        var host = KcronHost.CreateBuilder(parse.GetValue(_settings.ConfigFile), flags, "kcron-cli").Build();
        try
        {
            // Resolving the factory validates the Kafka settings: a bad one is one line, exit 2.
            return new KafkaCommandContext(host, host.Services.GetRequiredService<KafkaClientFactory>(),
                host.Services.GetRequiredService<KafkaCronMetrics>(), TimeSpan.FromSeconds(seconds));
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}

/// <summary>What an operator command talks to Kafka with.</summary>
internal sealed record KafkaCommandContext(IHost Host, KafkaClientFactory Clients, KafkaCronMetrics Metrics, TimeSpan Timeout) : IDisposable
{
    public void Dispose() => Host.Dispose();
}
