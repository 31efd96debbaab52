namespace KafkaCron.Core.Scheduling;

/// <summary>How bad a failed publication is, which decides what the scheduler does next.</summary>
public enum PublishFailureKind
{
    /// <summary>May succeed if tried again soon (broker unreachable, leader moving, local queue full).</summary>
    Transient,

    /// <summary>This message will not go through as it is (too large, not authorised); retrying soon will not help.</summary>
    Permanent,

    /// <summary>The publisher itself is broken and cannot publish anything any more; the process should restart.</summary>
    Fatal,
}
