namespace KafkaCron.Core.Deduplication;

public enum AdmissionOutcome
{
    /// <summary>Run it.</summary>
    Admitted,

    /// <summary>Published by a deposed leader: a newer term already published on this partition. Drop it.</summary>
    StaleEpoch,

    /// <summary>The same job and scheduled instant was admitted recently on this partition. Drop it.</summary>
    Duplicate,
}
