using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaCron.Kafka.Clients;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Kafka.Topics;

/// <summary>
/// Checks KafkaCron's topics at start. The scheduler, which knows every cluster from its job file, creates what is
/// missing (<see cref="EnsureAsync"/>), laid out by <see cref="TopicLayout"/> (run history with its retention, the
/// control topic compacted); a worker only checks (<see cref="Require"/>), so that a misspelt <c>--cluster</c> fails
/// at once instead of creating topics no scheduler will ever publish to. Both fail with a message naming each missing
/// topic (with the layout to create it with) or wrong partition count. librdkafka's mock cluster has no CreateTopics.
/// </summary>
public sealed class TopicProvisioner(KafkaClientFactory clients, ILogger<TopicProvisioner> logger)
{
    /// <summary>
    /// Fails at once, naming them, when any of <paramref name="topics"/> is missing or has another partition count
    /// than configured. Waits only for Kafka's metadata (up to Kafka:StartupTimeoutSeconds).
    /// </summary>
    public void Require(IReadOnlyCollection<string> topics, string owner)
    {
        var options = clients.Options;
        using var admin = clients.CreateAdminClient("kcron-topics");
        var missing = ReportPresent(admin, topics, options, TimeSpan.FromSeconds(options.StartupTimeoutSeconds));
        if (missing.Count > 0)
        {
            throw new TopicsUnavailableException(
                $"Kafka at {options.BootstrapServers} lacks topics {string.Join(", ", missing)}; {owner} does not create " +
                "topics: a scheduler whose job file declares the cluster creates them at start, or create them " +
                $"({LayoutOf(missing, options)})");
        }
    }

    /// <summary>Creates whichever of <paramref name="topics"/> is missing, where the broker allows it.</summary>
    public async Task EnsureAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        var options = clients.Options;
        var timeout = TimeSpan.FromSeconds(options.StartupTimeoutSeconds);
        using var admin = clients.CreateAdminClient("kcron-topics");

        var missing = ReportPresent(admin, topics, options, timeout);
        if (missing.Count == 0)
        {
            return;
        }

        var specs = missing.Select(topic => TopicLayout.For(topic, options)).ToList();
        try
        {
            using var creationTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            creationTimeout.CancelAfter(timeout);
            await admin.CreateTopicsAsync(specs, new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout })
                .WaitAsync(creationTimeout.Token);
            foreach (var spec in specs)
            {
                KafkaLog.TopicCreated(logger, spec.Name, spec.NumPartitions, spec.ReplicationFactor);
            }
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another replica created them first.
        }
        catch (Exception ex) when (ex is KafkaException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            KafkaLog.TopicCreationFailed(logger, string.Join(", ", missing), ex.Message);
        }

        var stillMissing = ReportPresent(admin, topics, options, timeout);
        if (stillMissing.Count > 0)
        {
            throw new TopicsUnavailableException(
                $"Kafka at {options.BootstrapServers} lacks topics {string.Join(", ", stillMissing)} and did not create them; " +
                $"create them ({LayoutOf(stillMissing, options)}) or check the broker's permissions.");
        }
    }

    private static string LayoutOf(IEnumerable<string> topics, KafkaOptions options) =>
        string.Join("; ", topics.Select(topic => TopicLayout.Describe(TopicLayout.For(topic, options))));

    /// <returns>The topics that do not exist. Throws when one exists with the wrong partition count.</returns>
    private List<string> ReportPresent(IAdminClient admin, IReadOnlyCollection<string> topics, KafkaOptions options, TimeSpan timeout)
    {
        var partitions = options.Partitions;
        var metadata = admin.GetMetadata(timeout);
        var byName = metadata.Topics
            .Where(t => t.Error.Code == ErrorCode.NoError)
            .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var topic in topics)
        {
            if (!byName.TryGetValue(topic, out var actual))
            {
                missing.Add(topic);
            }
            else if (actual != partitions && TopicLayout.PartitionCountMatters(topic, options))
            {
                throw new TopicsUnavailableException(
                    $"topic {topic} has {actual} partitions but Kafka:Partitions is {partitions}; " +
                    "fix the setting or the topic (partitions can only grow, and growing them re-keys jobs)");
            }
            else
            {
                KafkaLog.TopicPresent(logger, topic, actual);
            }
        }

        return missing;
    }
}
