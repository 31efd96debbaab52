using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Scheduler.Engine;

/// <summary>
/// Every job's <see cref="FireTemplate"/>, built when a job file is read (on the reader's thread, as the schedules
/// are), so that the loop only fills in the values of each fire. Keyed by the job definition itself: the plan holds
/// the definitions of the file it applied, and a reload brings new ones with new templates. The templates of one file
/// share their constant parts (<see cref="FireTemplateParts"/>). Thread-safe.
/// </summary>
internal sealed class FireTemplates
{
    private volatile Dictionary<JobDefinition, FireTemplate> _built = new(ReferenceEqualityComparer.Instance);

    /// <summary>Builds the templates of <paramref name="file"/>'s jobs, forgetting those of earlier files.</summary>
    public void Prepare(JobFile file)
    {
        var built = new Dictionary<JobDefinition, FireTemplate>(file.Jobs.Count, ReferenceEqualityComparer.Instance);
        var parts = new FireTemplateParts();
        foreach (var job in file.Jobs.Where(job => !job.Suspend))
        {
            built[job] = FireTemplate.For(job, parts);
        }

        _built = built;
    }

    /// <summary>The prepared template of <paramref name="job"/>, or a new one for a definition no file prepared.</summary>
    public FireTemplate For(JobDefinition job) => _built.TryGetValue(job, out var template) ? template : FireTemplate.For(job);
}
