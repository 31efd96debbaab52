namespace KafkaCron.Core.Jobs;

/// <summary>A target cluster of workers: one consumer group and one topic of its own.</summary>
public sealed record ClusterDefinition(string Name);
