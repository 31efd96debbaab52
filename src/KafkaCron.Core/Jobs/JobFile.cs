namespace KafkaCron.Core.Jobs;

/// <summary>The whole, validated content of a job file.</summary>
public sealed record JobFile(IReadOnlyList<ClusterDefinition> Clusters, IReadOnlyList<JobDefinition> Jobs)
{
    public static JobFile Empty { get; } = new([], []);
}
