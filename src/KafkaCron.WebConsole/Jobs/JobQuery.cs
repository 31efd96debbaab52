namespace KafkaCron.WebConsole.Jobs;

/// <summary>What the jobs list asks for: a filter on name, cluster and schedule, and a page of it.</summary>
/// <param name="Filter">Case-insensitive text a job's name, cluster or schedule must contain; empty for all.</param>
/// <param name="Page">1-based.</param>
internal sealed record JobQuery(string Filter, string? Cluster, int Page, int PageSize);
