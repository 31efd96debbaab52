using System.CommandLine;
using KafkaCron.Kafka;

namespace KafkaCron.Cli.Hosting;

/// <summary>
/// Flags shared by the long-running programs. Every setting can also come from a settings file (<c>--config</c>,
/// YAML) or an environment variable (<c>KCRON_</c> prefix, <c>__</c> between sections, e.g.
/// <c>KCRON_KAFKA__BOOTSTRAPSERVERS</c>); a flag wins over the environment, which wins over the file.
/// </summary>
internal sealed class SettingsOptions
{
    public Option<FileInfo?> ConfigFile { get; } = new("--config")
    {
        Description = "Settings file (YAML) with Kafka:, Scheduler:, Worker: sections.",
    };

    public Option<string?> BootstrapServers { get; } = new("--bootstrap-servers")
    {
        Description = "Kafka bootstrap servers (Kafka:BootstrapServers).",
    };

    public Option<int?> MetricsPort { get; } = new("--metrics-port")
    {
        Description = "Port of the Prometheus /metrics endpoint; 0 disables it (Telemetry:MetricsPort).",
    };

    public Option<int?> Partitions { get; } = new("--partitions")
    {
        Description = "Partitions of each KafkaCron topic (Kafka:Partitions).",
    };

    public Option<int?> FetchWaitMaxMs { get; } = new("--fetch-wait-max-ms")
    {
        Description = "librdkafka fetch.wait.max.ms; lower it against the mock cluster (Kafka:FetchWaitMaxMs).",
    };

    public Option<int?> SessionTimeoutMs { get; } = new("--session-timeout-ms")
    {
        Description = "Consumer group session timeout: how soon a dead worker's partitions move (Kafka:SessionTimeoutMs).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ConfigFile);
        command.Options.Add(BootstrapServers);
        command.Options.Add(MetricsPort);
        command.Options.Add(Partitions);
        command.Options.Add(FetchWaitMaxMs);
        command.Options.Add(SessionTimeoutMs);
    }

    /// <summary>The configuration keys set by flags present on the command line.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration(ParseResult parseResult)
    {
        var bootstrap = parseResult.GetValue(BootstrapServers);
        if (bootstrap is not null)
        {
            yield return new($"{KafkaOptions.SectionName}:{nameof(KafkaOptions.BootstrapServers)}", bootstrap);
        }

        var metricsPort = parseResult.GetValue(MetricsPort);
        if (metricsPort is not null)
        {
            yield return new("Telemetry:MetricsPort", Invariant(metricsPort.Value));
        }

        var partitions = parseResult.GetValue(Partitions);
        if (partitions is not null)
        {
            yield return new($"{KafkaOptions.SectionName}:{nameof(KafkaOptions.Partitions)}", Invariant(partitions.Value));
        }

        var sessionTimeout = parseResult.GetValue(SessionTimeoutMs);
        if (sessionTimeout is not null)
        {
            yield return new($"{KafkaOptions.SectionName}:{nameof(KafkaOptions.SessionTimeoutMs)}", Invariant(sessionTimeout.Value));
        }

        var fetchWait = parseResult.GetValue(FetchWaitMaxMs);
        if (fetchWait is not null)
        {
            yield return new($"{KafkaOptions.SectionName}:{nameof(KafkaOptions.FetchWaitMaxMs)}", Invariant(fetchWait.Value));
        }
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
