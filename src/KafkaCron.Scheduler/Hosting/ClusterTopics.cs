using Confluent.Kafka;
using KafkaCron.Core.Jobs;
using KafkaCron.Kafka.Topics;
using KafkaCron.Scheduler.JobFiles;

namespace KafkaCron.Scheduler.Hosting;

/// <summary>
/// The clusters whose topics are known to exist. At start the scheduler ensures the topics of every cluster of the
/// job file; a reload that adds a cluster gets that cluster's topics ensured before the file is applied, so the
/// scheduler never publishes to a topic that does not exist (or that a broker would auto-create with the wrong
/// partition count). Where they cannot be ensured, the reload is refused and the previous schedule keeps running.
/// Thread-safe.
/// </summary>
/// <param name="shared">Topics of no one cluster (the control topic), ensured at start with the clusters' topics.</param>
internal sealed class ClusterTopics(
    Func<IReadOnlyCollection<string>, CancellationToken, Task> ensureTopics,
    Func<string, IEnumerable<string>> topicsOf,
    IReadOnlyCollection<string>? shared = null)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _ready = new(StringComparer.Ordinal);
    private bool _started;

    /// <summary>Ensures the topics of <paramref name="clusters"/>; from then on reloads ensure the topics of new clusters.</summary>
    public async Task EnsureAtStartAsync(IEnumerable<string> clusters, CancellationToken cancellationToken)
    {
        var names = clusters.ToList();
        await ensureTopics([.. names.SelectMany(topicsOf), .. shared ?? []], cancellationToken);
        lock (_gate)
        {
            _ready.UnionWith(names);
            _started = true;
        }
    }

    /// <summary>
    /// Ensures the topics of the clusters of <paramref name="jobFile"/> not seen before. Before
    /// <see cref="EnsureAtStartAsync"/> it does nothing: the start ensures every cluster's topics itself.
    /// </summary>
    /// <exception cref="JobFileNotAppliedException">A new cluster's topics are missing and could not be created.</exception>
    public void EnsureBeforeApplying(JobFile jobFile)
    {
        lock (_gate)
        {
            if (!_started)
            {
                return;
            }

            var added = jobFile.Clusters.Select(c => c.Name).Where(name => !_ready.Contains(name)).ToList();
            if (added.Count == 0)
            {
                return;
            }

            try
            {
                // Reloads run on a timer or signal thread, and applying must wait for the topics anyway.
                ensureTopics([.. added.SelectMany(topicsOf)], CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is TopicsUnavailableException or KafkaException)
            {
                throw new JobFileNotAppliedException(
                    $"the topics of the new cluster(s) {string.Join(", ", added)} are not available: {ex.Message.TrimEnd('.')}", ex);
            }

            _ready.UnionWith(added);
        }
    }
}
