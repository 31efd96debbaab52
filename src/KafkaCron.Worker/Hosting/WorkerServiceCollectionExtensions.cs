using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KafkaCron.Worker.Hosting;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// The worker: validated <see cref="WorkerOptions"/> from the <c>Worker</c> section, the process runner, the
    /// outcome handler and the hosted service. Expects the Kafka edge, metrics and a TimeProvider to be registered.
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
        services.AddSingleton<IJobRunner, ProcessJobRunner>();
        services.AddSingleton<IRunOutcomeHandler, LoggingRunOutcomeHandler>();
        services.AddSingleton<WorkerService>();
        services.AddHostedService(provider => provider.GetRequiredService<WorkerService>());
        return services;
    }

    /// <summary>The worker's failure, if it stopped the host; null after a clean stop.</summary>
    public static Exception? WorkerFailure(this IServiceProvider services) =>
        services.GetRequiredService<WorkerService>().ExecuteTask?.Exception?.GetBaseException();
}
