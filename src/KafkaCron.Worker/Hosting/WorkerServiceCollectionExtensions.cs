using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KafkaCron.Worker.Hosting;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// The worker: validated <see cref="WorkerOptions"/> from the <c>Worker</c> section, the process runner and the
    /// hosted service (which builds the outcome writer's recorders and record sink around its producer). Expects the Kafka edge, metrics and a TimeProvider to be registered.
    /// </summary>
    public static IServiceCollection AddKcronWorker(this IServiceCollection services)
    {
        services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Shutdown waits for the grace, then up to two kill graces, then a final commit and leaving the group.
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
        {
            var needed = worker.Value.ShutdownGrace + (2 * worker.Value.KillGrace) + TimeSpan.FromSeconds(30);
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        services.AddSingleton<OrphanGuard>();
        services.AddSingleton<IJobRunner, ProcessJobRunner>();
        services.AddSingleton<WorkerStartupCheck>();
        services.AddSingleton<WorkerService>();
        services.AddHostedService(provider => provider.GetRequiredService<WorkerService>());
        return services;
    }

    /// <summary>
    /// Reads, once the host has stopped, the worker's failure (null after a clean stop). Take it before running the
    /// host: running it disposes the service provider.
    /// </summary>
    public static Func<Exception?> WorkerFailureProbe(this IServiceProvider services)
    {
        var worker = services.GetRequiredService<WorkerService>();
        return () => worker.ExecuteTask?.Exception?.GetBaseException();
    }
}
