namespace KafkaCron.WebConsole.Jobs;

/// <summary>One page of the jobs list and where it sits in the whole.</summary>
/// <param name="Matching">Jobs that pass the filter, across every page.</param>
/// <param name="Warnings">What could not be read (Kafka down): the rows then lack last runs or paused flags.</param>
internal sealed record JobListPage(IReadOnlyList<JobSummary> Jobs, int Matching, int Total, JobQuery Query, IReadOnlyList<string> Warnings)
{
    public int Pages => Math.Max(1, (Matching + Query.PageSize - 1) / Query.PageSize);
}
