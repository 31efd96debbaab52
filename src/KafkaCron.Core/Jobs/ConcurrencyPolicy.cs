namespace KafkaCron.Core.Jobs;

/// <summary>What to do with a fire while the previous run of the same job is still running.</summary>
public enum ConcurrencyPolicy
{
    /// <summary>Run it; runs of the job may overlap.</summary>
    Allow,

    /// <summary>Skip the new fire; the skip is logged and counted.</summary>
    Forbid,

    /// <summary>Stop the running one, then start the new one.</summary>
    Replace,
}
