using KafkaCron.Core.Jobs;
using KafkaCron.Core.Runs;

namespace KafkaCron.WebConsole.Jobs;

/// <summary>What the job page and <c>GET /api/v1/jobs/{name}/runs</c> show of one job.</summary>
/// <param name="Runs">Newest first, at most the limit asked for.</param>
/// <param name="Matched">The job's runs found in the window read, shown or not.</param>
/// <param name="NextFires">The next few instants the schedule fires at (empty when suspended).</param>
internal sealed record JobDetails(
    JobDefinition Job,
    JobSummary Summary,
    IReadOnlyList<RunRecord> Runs,
    int Matched,
    IReadOnlyList<DateTimeOffset> NextFires,
    IReadOnlyList<string> Warnings);
