using System.Net;
using KafkaCron.Core.Control;
using KafkaCron.Core.Runs;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Control;
using KafkaCron.Kafka.Runs;
using KafkaCron.Kafka.Triggering;
using KafkaCron.WebConsole.Api;
using KafkaCron.WebConsole.DeadLetters;
using KafkaCron.WebConsole.Jobs;
using KafkaCron.WebConsole.Pages;
using KafkaCron.WebConsole.Security;
using KafkaCron.WebConsole.Status;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole.Hosting;

/// <summary>
/// How <c>kcron console</c> is put together: a Kestrel-only web host (no IIS, no static-file server), the console's
/// services, and its endpoints. The kcron executable adds its settings layering, logging and metrics to the builder.
/// </summary>
public static class WebConsoleHosting
{
    /// <summary>The meter ASP.NET Core publishes request durations on; the console exports it beside KafkaCron's own.</summary>
    public const string HostingMeterName = "Microsoft.AspNetCore.Hosting";

    /// <summary>An empty web host with Kestrel, routing and nothing else: settings come from the caller only.</summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "kcron-console" });
        builder.WebHost.UseKestrelCore();
        return builder;
    }

    /// <summary>
    /// The console's services. <see cref="KafkaClientFactory"/>, its options and <see cref="KafkaCronMetrics"/> come
    /// from the host (as for the scheduler and the worker). Run history, trigger and pause/resume go through the Kafka
    /// implementations of <c>kcron history</c>, <c>kcron trigger</c> and <c>kcron pause</c>/<c>resume</c>, each call
    /// bounded by <see cref="ConsoleOptions.BackendTimeout"/>; a hosted <see cref="RecentRunsFollower"/> follows every
    /// cluster's runs topic for the jobs list.
    /// </summary>
    public static IServiceCollection AddKcronConsole(this IServiceCollection services)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ConsoleOptions>>((kestrel, console) => Listen(kestrel, console.Value));
        services.TryAddSingleton(TimeProvider.System);
        services.AddRouting();
        services.AddProblemDetails();
        services.AddOpenApi("v1", OpenApiSecurity.Describe);
        services.AddHealthChecks().AddCheck<JobFileHealthCheck>("job-file");
        services.AddDataProtection().SetApplicationName("kcron-console");
        services.Configure<KeyManagementOptions>(keys =>
        {
            keys.XmlRepository = new InMemoryKeyRepository();
            // Nothing to encrypt them for: they never leave the process.
            keys.XmlEncryptor = new NullXmlEncryptor();
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "kcron_csrf";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.HeaderName = "X-CSRF-Token";
        });
        // Behind a TLS-terminating proxy on this host (or in this pod), its X-Forwarded-Proto makes cookies Secure.
        services.Configure<ForwardedHeadersOptions>(forwarded => forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(LoginAttempts.PolicyName, LoginAttempts.Partition);
        });

        services.AddSingleton<JobCatalog>();
        services.AddSingleton<Backends>();
        services.AddSingleton<ConsoleReader>();
        services.AddSingleton<ConsoleActions>();
        services.AddSingleton<StatusReader>();
        services.AddSingleton<AdminSession>();
        services.TryAddSingleton<IDeadLetterStore, KafkaDeadLetterStore>();
        services.TryAddSingleton<IConsumerGroupInspector, KafkaConsumerGroupInspector>();
        services.TryAddSingleton<IElectionReader, ZooKeeperElectionReader>();
        services.TryAddSingleton<IRunHistoryReader>(sp =>
            new KafkaRunHistoryReader(sp.GetRequiredService<KafkaClientFactory>(), sp.GetRequiredService<KafkaCronMetrics>(), BackendTimeout(sp)));
        services.TryAddSingleton<IPauseStateReader>(sp =>
            new KafkaPauseStateReader(sp.GetRequiredService<KafkaClientFactory>(), sp.GetRequiredService<KafkaCronMetrics>(), BackendTimeout(sp)));
        services.TryAddSingleton<IPauseControl>(sp =>
            new KafkaPauseControl(sp.GetRequiredService<KafkaClientFactory>(), sp.GetRequiredService<TimeProvider>(), BackendTimeout(sp)));
        services.TryAddSingleton<IManualTrigger>(sp =>
            new KafkaManualTrigger(sp.GetRequiredService<KafkaClientFactory>(), sp.GetRequiredService<TimeProvider>(), BackendTimeout(sp)));
        services.TryAddSingleton<IRunFollower>(sp => new KafkaRunFollower(sp.GetRequiredService<KafkaClientFactory>(), BackendTimeout(sp)));
        services.AddSingleton<PauseRequests>();
        services.AddSingleton<RecentRunsFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<RecentRunsFollower>());
        services.AddSingleton(sp =>
        {
            var tokenFile = sp.GetRequiredService<IOptions<ConsoleOptions>>().Value.AdminTokenFile;
            var token = tokenFile is not null && AdminToken.TryRead(tokenFile, out var read, out _) ? read : null;
            return new AdminGate(token, sp.GetRequiredService<AdminSession>(), sp.GetRequiredService<IAntiforgery>(), sp.GetRequiredService<ILogger<AdminGate>>());
        });
        return services;
    }

    /// <summary>The console's middleware and endpoints: pages, API, OpenAPI document, health, assets.</summary>
    public static WebApplication MapKcronConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        app.Use(SecurityHeaders.Apply);
        app.UseRateLimiter();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();
        app.MapHealthChecks("/readyz");
        app.MapKcronAssets();
        app.MapKcronApi();
        app.MapKcronPages();
        return app;
    }

    /// <summary>Where the started console answers, e.g. <c>http://127.0.0.1:8080/</c> (the port chosen when 0 was asked for).</summary>
    public static string Url(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal));
        var options = app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value;
        var host = options.ListenHost == "localhost" ? "localhost" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port}/";
    }

    /// <summary>Logs where the console answers and whether it can act.</summary>
    public static void LogListening(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gate = app.Services.GetRequiredService<AdminGate>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KafkaCron.WebConsole");
        var url = app.Url();
        ConsoleLog.Listening(logger, url, gate.Enabled ? "enabled with the admin token" : "disabled (no --admin-token-file)");
    }

    private static TimeSpan BackendTimeout(IServiceProvider services) => services.GetRequiredService<IOptions<ConsoleOptions>>().Value.BackendTimeout;

    private static void Listen(KestrelServerOptions kestrel, ConsoleOptions options)
    {
        kestrel.AddServerHeader = false;
        switch (options.ListenHost)
        {
            case "+" or "*":
                kestrel.ListenAnyIP(options.Port);
                break;
            case "localhost" when options.Port == 0:
                // Kestrel cannot bind "localhost" (both loopbacks) to one free port: take IPv4's.
                kestrel.Listen(IPAddress.Loopback, 0);
                break;
            case "localhost":
                kestrel.ListenLocalhost(options.Port);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(options.ListenHost), options.Port);
                break;
        }
    }
}
