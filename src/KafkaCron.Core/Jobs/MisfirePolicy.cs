namespace KafkaCron.Core.Jobs;

/// <summary>What a scheduler does, per job, with fires that came due while no scheduler was leading.</summary>
public enum MisfirePolicy
{
    /// <summary>Fire once for all the missed instants (the latest), then resume the schedule.</summary>
    FireOnce,

    /// <summary>Fire every missed instant that lies within the job's catch-up window.</summary>
    FireAll,

    /// <summary>Drop missed instants; resume with the next one in the future.</summary>
    Skip,
}
