using KafkaCron.WebConsole.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KafkaCron.WebConsole.Hosting;

/// <summary>
/// <c>/readyz</c>: ready once a valid job file was read (or none was asked for). Kafka and ZooKeeper are not part of
/// it on purpose: when they are down, the console is the page that says so, and must stay in the load balancer.
/// </summary>
internal sealed class JobFileHealthCheck(JobCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = catalog.Current();
        return Task.FromResult(current switch
        {
            { Path: null } => HealthCheckResult.Healthy("no job file given"),
            { LoadedAt: null } => HealthCheckResult.Unhealthy($"no valid job file read yet: {string.Join("; ", current.Problems.Take(1))}"),
            { Problems.Count: > 0 } => HealthCheckResult.Degraded($"the job file on disk is not valid, the last valid one is shown: {current.Problems[0]}"),
            _ => HealthCheckResult.Healthy($"{current.File.Jobs.Count} jobs"),
        });
    }
}
