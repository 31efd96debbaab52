using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Cli.Hosting;

/// <summary>The host every long-running kcron program starts from: settings layering, logging, Kafka edge.</summary>
internal static class KcronHost
{
    public const string EnvironmentPrefix = "KCRON_";

    /// <summary>Where Prometheus scrapes a program unless Telemetry:MetricsPort says otherwise (0 turns it off).</summary>
    public const int DefaultMetricsPort = 9464;

    public static HostApplicationBuilder CreateBuilder(
        FileInfo? settingsFile, IEnumerable<KeyValuePair<string, string?>> flags, string serviceName = "kcron")
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (settingsFile is not null)
        {
            if (!settingsFile.Exists)
            {
                throw new FileNotFoundException($"settings file {settingsFile.FullName} does not exist", settingsFile.FullName);
            }

            builder.Configuration.AddYamlFile(settingsFile.FullName, optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddInMemoryCollection(flags);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddKcronConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.Services.AddSingleton(TimeProvider.System);
        var telemetry = builder.Configuration.GetSection("Telemetry");
        builder.Services.AddKafkaCronTelemetry(
            serviceName,
            telemetry.GetValue("MetricsPort", DefaultMetricsPort),
            telemetry.GetValue<string?>("MetricsHost") ?? "localhost");
        builder.Services.AddOptions<KafkaOptions>()
            .BindConfiguration(KafkaOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<KafkaClientFactory>();
        builder.Services.AddSingleton<TopicProvisioner>();
        return builder;
    }
}
