using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Scheduler.Engine;

/// <summary>
/// Schedules built ahead of need, keyed by what a schedule is built from (its text and time zone), so that a standby
/// replica has them ready when it takes over. Schedules are immutable and shared. Thread-safe.
/// </summary>
internal sealed class ScheduleCache(Func<JobDefinition, IFireSchedule> build)
{
    private volatile Dictionary<(string Schedule, string TimeZone), IFireSchedule> _built = [];

    /// <summary>Builds the schedules of <paramref name="file"/>, keeping those already built and forgetting the rest.</summary>
    public void Prepare(JobFile file)
    {
        var previous = _built;
        var built = new Dictionary<(string, string), IFireSchedule>();
        // Suspended jobs too: the plan walks their instants (and withholds them), and a resume must not wait for a build.
        foreach (var job in file.Jobs)
        {
            var key = (job.Schedule, job.TimeZone);
            if (built.ContainsKey(key))
            {
                continue;
            }

            if (previous.TryGetValue(key, out var schedule) || TryBuild(job, out schedule))
            {
                built.Add(key, schedule);
            }
        }

        _built = built;
    }

    /// <summary>The prepared schedule of <paramref name="job"/>, or a new one (which throws if it cannot be built).</summary>
    public IFireSchedule For(JobDefinition job) =>
        _built.TryGetValue((job.Schedule, job.TimeZone), out var schedule) ? schedule : build(job);

    private bool TryBuild(JobDefinition job, out IFireSchedule schedule)
    {
        try
        {
            schedule = build(job);
            return true;
        }
#pragma warning disable CA1031 // Not swallowed: the plan builds it again when it needs it, and reports the failure then.
        catch (Exception)
#pragma warning restore CA1031
        {
            schedule = null!;
            return false;
        }
    }
}
