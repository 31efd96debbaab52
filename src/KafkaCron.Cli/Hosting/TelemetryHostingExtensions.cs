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

    private const string ScrapePath = "/metrics";

    /// <summary>The meter .NET itself publishes GC, thread-pool, JIT and process CPU/memory instruments on (.NET 9+).</summary>
    internal const string RuntimeMeterName = "System.Runtime";

    /// <summary>
    /// Registers <see cref="KafkaCronMetrics"/> and, unless <paramref name="metricsPort"/> is <see cref="MetricsDisabled"/>,
    /// serves its instruments plus the runtime's own at <c>http://{metricsHost}:{metricsPort}/metrics</c> in the Prometheus
    /// text format. The listener starts with the host. Bind <paramref name="metricsHost"/> to <c>+</c> (or <c>*</c>) to accept
    /// scrapes from other machines on every interface (the default answers only on loopback).
    /// </summary>
    /// <param name="extraMeters">Meters to export besides KafkaCron's and the runtime's.</param>
    public static IServiceCollection AddKafkaCronTelemetry(
        this IServiceCollection services, string serviceName, int metricsPort, string metricsHost = "localhost", params string[] extraMeters)
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
                .AddMeter([KafkaCronMetrics.MeterName, RuntimeMeterName, .. extraMeters])
                .AddPrometheusHttpListener(options =>
                {
                    options.Port = metricsPort;
                    options.ScrapeEndpointPath = ScrapePath;
                    if (IsWildcard(metricsHost))
                    {
                        // The exporter builds a Uri from Host, which rejects "+"; a wildcard prefix has to replace the
                        // listener's own one instead (leaving both makes Linux fail with "address in use").
                        options.ConfigureHttpListener = static (configured, listener) =>
                        {
                            listener.Prefixes.Clear();
                            listener.Prefixes.Add($"http://+:{configured.Port}{ScrapePath}/");
                        };
                    }
                    else
                    {
                        options.Host = metricsHost;
                        if (metricsHost == "localhost")
                        {
                            // The listener matches the Host header, and scrapes name the loopback by number as often
                            // as by name (Prometheus targets, the chaos scripts): answer both.
                            options.ConfigureHttpListener = static (configured, listener) =>
                                listener.Prefixes.Add($"http://127.0.0.1:{configured.Port}{ScrapePath}/");
                        }
                    }

                    // Scope labels (otel_scope_name, otel_scope_version) would ride on every series: noise in every
                    // query and legend of an app whose own instruments all come from one meter.
                    options.ScopeInfoEnabled = false;
                }));
        return services;
    }

    private static bool IsWildcard(string host) => host is "+" or "*";
}
