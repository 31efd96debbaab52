namespace KafkaCron.Worker.Runs;

/// <summary>
/// A message leaving the pipeline. <paramref name="Finished"/> is false when it was abandoned (worker shutdown ran
/// out of grace, or its partition was revoked before it started): its offset must not be committed.
/// </summary>
internal readonly record struct Completion(PartitionLease Lease, long Offset, bool Finished);
