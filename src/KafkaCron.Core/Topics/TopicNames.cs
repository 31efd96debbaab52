namespace KafkaCron.Core.Topics;

/// <summary>Maps a cluster to its topics. The default templates give <c>kcron.jobs.cluster-a</c> and so on.</summary>
public sealed record TopicNames
{
    public const string ClusterPlaceholder = "{cluster}";

    public string JobsTemplate { get; init; } = "kcron.jobs.{cluster}";

    public string RetryTemplate { get; init; } = "kcron.retry.{cluster}";

    public string DeadLetterTemplate { get; init; } = "kcron.dead.{cluster}";

    public string Jobs(string cluster) => JobsTemplate.Replace(ClusterPlaceholder, cluster, StringComparison.Ordinal);

    public string Retry(string cluster) => RetryTemplate.Replace(ClusterPlaceholder, cluster, StringComparison.Ordinal);

    public string DeadLetter(string cluster) => DeadLetterTemplate.Replace(ClusterPlaceholder, cluster, StringComparison.Ordinal);

    /// <summary>Every topic a cluster needs, main topic first.</summary>
    public IReadOnlyList<string> All(string cluster) => [Jobs(cluster), Retry(cluster), DeadLetter(cluster)];
}
