using KafkaCron.Kafka;
using KafkaCron.WebConsole.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole.Status;

/// <summary>
/// Reads the election and, for each cluster, the groups of its main and retry workers. A backend that does not answer
/// becomes an error shown in its section: the page still shows what the other one said.
/// </summary>
internal sealed class StatusReader(
    JobCatalog catalog,
    IElectionReader election,
    IConsumerGroupInspector groups,
    Backends backends,
    IOptions<ConsoleOptions> options,
    IOptions<KafkaOptions> kafka,
    TimeProvider time,
    ILogger<StatusReader> logger)
{
    public async Task<ConsoleStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var electionTask = ReadElectionAsync(cancellationToken);
        var clusterTasks = catalog.Current().Clusters.Select(c => ReadClusterAsync(c, cancellationToken)).ToList();
        var clusters = await Task.WhenAll(clusterTasks);
        return new ConsoleStatus(await electionTask, clusters, time.GetUtcNow());
    }

    /// <summary>Kafka down is the one answer no section can give: the API says 503 then.</summary>
    public static bool KafkaUnavailable(ConsoleStatus status) => status.Clusters.Count > 0 && status.Clusters.All(c => c.Error is not null);

    private async Task<ElectionView> ReadElectionAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ZooKeeper is null)
        {
            return new ElectionView(false, null, null);
        }

        try
        {
            return new ElectionView(true, await backends.CallAsync(Backends.ZooKeeper, election.ReadAsync, cancellationToken), null);
        }
        catch (BackendUnavailableException ex)
        {
            ConsoleLog.BackendUnavailable(logger, ex.Backend, "status", ex.Message);
            return new ElectionView(true, null, ex.Message);
        }
    }

    private async Task<ClusterView> ReadClusterAsync(string cluster, CancellationToken cancellationToken)
    {
        var topics = kafka.Value.TopicNames;
        try
        {
            var main = await backends.CallAsync(Backends.Kafka,
                ct => groups.ReadAsync("kcron-" + cluster, topics.Jobs(cluster), backends.Timeout, ct), cancellationToken);
            var retry = await backends.CallAsync(Backends.Kafka,
                ct => groups.ReadAsync("kcron-" + cluster + "-retry", topics.Retry(cluster), backends.Timeout, ct), cancellationToken);
            return new ClusterView(cluster, [main, retry], null);
        }
        catch (BackendUnavailableException ex)
        {
            ConsoleLog.BackendUnavailable(logger, ex.Backend, "status", ex.Message);
            return new ClusterView(cluster, [], ex.Message);
        }
    }
}
