using KafkaCron.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace KafkaCron.Cli.Hosting;

/// <summary>Metrics wiring shared by every KafkaCron process (scheduler, worker, dev stack).</summary>
internal static class TelemetryHostingExtensions
{
    /// <summary>Port value that turns the Prometheus endpoint off.</summary>
    public const int MetricsDisabled = 0;

    /// <summary>The meter .NET itself publishes GC, thread-pool, JIT and process CPU/memory instruments on (.NET 9+).</summary>
    internal const string RuntimeMeterName = "System.Runtime";

    /// <summary>
    /// Registers <see cref="KafkaCronMetrics"/> and, unless <paramref name="metricsPort"/> is <see cref="MetricsDisabled"/>,
    /// serves its instruments plus the runtime's own at <c>http://{metricsHost}:{metricsPort}/metrics</c> in the Prometheus
    /// text format. The listener starts with the host. Bind <paramref name="metricsHost"/> to <c>+</c> to accept scrapes
    /// from other machines (the default answers only on loopback).
    /// </summary>
    public static IServiceCollection AddKafkaCronTelemetry(
        this IServiceCollection services, string serviceName, int metricsPort, string metricsHost = "localhost")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentOutOfRangeException.ThrowIfNegative(metricsPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(metricsPort, 65535);
        ArgumentException.ThrowIfNullOrWhiteSpace(metricsHost);

        services.AddMetrics();
        services.TryAddSingleton<KafkaCronMetrics>();
        if (metricsPort == MetricsDisabled)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddMeter(KafkaCronMetrics.MeterName, RuntimeMeterName)
                .AddPrometheusHttpListener(options =>
                {
                    options.Host = metricsHost;
                    options.Port = metricsPort;
                    options.ScrapeEndpointPath = "/metrics";
                    // Scope labels (otel_scope_name, ...) on every series add nothing for a single-meter app and
                    // break `sum without (instance)`-style aggregations across versions.
                    options.ScopeInfoEnabled = false;
                }));
        return services;
    }
}
