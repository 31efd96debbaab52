namespace KafkaCron.Core.Deduplication;

/// <summary>What <see cref="FireAdmission.Admit"/> decided about one fire.</summary>
/// <param name="Outcome">Whether the fire may run.</param>
/// <param name="IdempotencyKey">The fire's key (job + scheduled instant), for the log line of a refusal.</param>
/// <param name="HighestEpoch">The highest epoch seen on the partition so far, this fire's included.</param>
public readonly record struct AdmissionVerdict(AdmissionOutcome Outcome, string IdempotencyKey, long? HighestEpoch)
{
    public bool Admitted => Outcome == AdmissionOutcome.Admitted;
}
