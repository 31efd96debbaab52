using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.Cli.Hosting;

/// <summary>The host every long-running kcron program starts from: settings layering, logging, Kafka edge.</summary>
internal static class KcronHost
{
    public const string EnvironmentPrefix = "KCRON_";

    /// <summary>Where Prometheus scrapes a program unless Telemetry:MetricsPort says otherwise (0 turns it off).</summary>
    public const int DefaultMetricsPort = 9464;

    /// <summary>
    /// The default of a main worker, and of a retry worker, so the README's tour (a scheduler, a worker and a retry
    /// worker on one machine) starts as written. More programs of one role on one machine need --metrics-port each.
    /// </summary>
    public const int DefaultWorkerMetricsPort = 9465;

    public const int DefaultRetryWorkerMetricsPort = 9466;

    /// <summary>The Prometheus port of <c>kcron console</c> (its pages and API are on <c>--port</c>, 8080).</summary>
    public const int DefaultConsoleMetricsPort = 9467;

    public static HostApplicationBuilder CreateBuilder(
        FileInfo? settingsFile,
        IEnumerable<KeyValuePair<string, string?>> flags,
        string serviceName = "kcron",
        int defaultMetricsPort = DefaultMetricsPort)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        Configure(builder, settingsFile, flags, serviceName, defaultMetricsPort);
        return builder;
    }

    /// <summary>
    /// Settings layering, logging, metrics and the Kafka edge on any host builder: the generic host of the scheduler
    /// and workers, or the web host of the console.
    /// </summary>
    /// <param name="extraMeters">Meters exported besides KafkaCron's and the runtime's (the console adds ASP.NET Core's).</param>
    public static void Configure(
        IHostApplicationBuilder builder,
        FileInfo? settingsFile,
        IEnumerable<KeyValuePair<string, string?>> flags,
        string serviceName,
        int defaultMetricsPort,
        params string[] extraMeters)
    {
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
        var metricsPort = telemetry.GetValue("MetricsPort", defaultMetricsPort);
        if (metricsPort is < 0 or > 65535)
        {
            throw new SettingException($"Telemetry:MetricsPort (--metrics-port) must be 0 (off) to 65535, not {metricsPort}");
        }

        builder.Services.AddKafkaCronTelemetry(serviceName, metricsPort, telemetry.GetValue<string?>("MetricsHost") ?? "localhost", extraMeters);
        builder.Services.AddOptions<KafkaOptions>()
            .BindConfiguration(KafkaOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KafkaOptions>, ClientSettingsValidator>();
        builder.Services.AddSingleton<KafkaClientFactory>();
        builder.Services.AddSingleton<TopicProvisioner>();
    }

    /// <summary>
    /// Runs the settings' validation (<c>ValidateOnStart</c>) before the host starts. A bad setting then reaches the
    /// command's one-line report as an exception, without the host logging "Hosting failed to start" and a stack
    /// trace first.
    /// </summary>
    public static void ValidateSettings(this IHost host) => host.Services.GetService<IStartupValidator>()?.Validate();
}
