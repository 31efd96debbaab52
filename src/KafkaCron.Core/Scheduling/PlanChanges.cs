namespace KafkaCron.Core.Scheduling;

/// <summary>What applying a job file did to a plan, by job count.</summary>
/// <param name="Kept">Same schedule and time zone: position unchanged.</param>
/// <param name="Added">New jobs: first fire strictly after the reload.</param>
/// <param name="Rescheduled">Changed schedule, time zone or suspension: next fire recomputed.</param>
/// <param name="Removed">No longer in the file.</param>
/// <param name="Suspended">Suspended jobs in the new file (they never fire).</param>
public sealed record PlanChanges(int Kept, int Added, int Rescheduled, int Removed, int Suspended);
