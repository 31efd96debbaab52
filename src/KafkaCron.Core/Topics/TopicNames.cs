namespace KafkaCron.Core.Topics;

/// <summary>
/// Maps a cluster to its topics. The default templates give <c>kcron.jobs.cluster-a</c> and so on; the control topic
/// (pauses) is one for all clusters.
/// </summary>
public sealed record TopicNames
{
    public const string ClusterPlaceholder = "{cluster}";

    public string JobsTemplate { get; init; } = "kcron.jobs.{cluster}";

    public string RetryTemplate { get; init; } = "kcron.retry.{cluster}";

    public string DeadLetterTemplate { get; init; } = "kcron.dead.{cluster}";

    public string RunsTemplate { get; init; } = "kcron.runs.{cluster}";

    /// <summary>The compacted topic of runtime controls (<c>kcron pause</c>/<c>resume</c>), one for all clusters.</summary>
    public string Control { get; init; } = "kcron.control";

    public string Jobs(string cluster) => JobsTemplate.Replace(ClusterPlaceholder, cluster, StringComparison.Ordinal);

    public string Retry(string cluster) => RetryTemplate.Replace(ClusterPlaceholder, cluster, StringComparison.Ordinal);

    public string DeadLetter(string cluster) => DeadLetterTemplate.Replace(ClusterPlaceholder, cluster, StringComparison.Ordinal);

    /// <summary>The cluster's run history: one record per attempt, kept for <c>Kafka:RunsRetentionHours</c>.</summary>
    public string Runs(string cluster) => RunsTemplate.Replace(ClusterPlaceholder, cluster, StringComparison.Ordinal);

    /// <summary>Every topic a cluster needs, main topic first.</summary>
    public IReadOnlyList<string> All(string cluster) => [Jobs(cluster), Retry(cluster), DeadLetter(cluster), Runs(cluster)];

    /// <summary>Whether <paramref name="topic"/> is some cluster's run history (<see cref="RunsTemplate"/> with any cluster).</summary>
    public bool IsRuns(string topic)
    {
        var at = RunsTemplate.IndexOf(ClusterPlaceholder, StringComparison.Ordinal);
        if (at < 0)
        {
            return string.Equals(topic, RunsTemplate, StringComparison.Ordinal);
        }

        var prefix = RunsTemplate[..at];
        var suffix = RunsTemplate[(at + ClusterPlaceholder.Length)..];
        return topic.Length > prefix.Length + suffix.Length
            && topic.StartsWith(prefix, StringComparison.Ordinal)
            && topic.EndsWith(suffix, StringComparison.Ordinal);
    }
}
