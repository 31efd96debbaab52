using KafkaCron.Core.Jobs;

namespace KafkaCron.Core.Scheduling;

/// <summary>
/// Something the plan decided that an operator should hear about. The plan has no logger; the caller drains these
/// after each call (<see cref="SchedulePlan.DrainNotices"/>) and logs and counts them.
/// </summary>
public abstract record PlanNotice(string Job)
{
    /// <summary>
    /// The job's misfire policy dropped <paramref name="Count"/> instants (at most <c>10,000</c> are counted) that
    /// could not be published in time; the job resumes at <paramref name="Resume"/>.
    /// </summary>
    public sealed record MisfiresSkipped(string Job, int Count, DateTimeOffset? Resume) : PlanNotice(Job);

    /// <summary>
    /// A new term found that the job missed <paramref name="Missed"/> instants (at most <c>10,000</c> are counted)
    /// after <paramref name="Since"/>, the instant up to which its fires were accounted for. Its misfire policy drops
    /// <paramref name="Skipped"/> of them and fires the rest, starting at <paramref name="Next"/>.
    /// </summary>
    public sealed record MissedWhileNotLeading(string Job, DateTimeOffset Since, int Missed, MisfirePolicy Policy, int Skipped, DateTimeOffset? Next)
        : PlanNotice(Job);

    /// <summary>
    /// The job is paused (<c>kcron pause</c>) or suspended (<paramref name="Suspended"/>, <c>suspend: true</c>): its
    /// instant <paramref name="ScheduledAt"/> came due and was withheld, not published.
    /// </summary>
    public sealed record FireWithheld(string Job, string Cluster, DateTimeOffset ScheduledAt, bool Suspended) : PlanNotice(Job);

    /// <summary>
    /// The job is paused no longer. <paramref name="Withheld"/> instants were withheld meanwhile; under its misfire
    /// <paramref name="Policy"/> the latest of them fires once now (<paramref name="CatchUp"/>), or none does (null).
    /// </summary>
    public sealed record PauseLifted(string Job, int Withheld, MisfirePolicy Policy, DateTimeOffset? CatchUp) : PlanNotice(Job);

    /// <summary>The schedule has no instant after <paramref name="After"/>: the job will not fire again.</summary>
    public sealed record ScheduleEnded(string Job, DateTimeOffset After) : PlanNotice(Job);

    /// <summary>
    /// The schedule answered <paramref name="Returned"/>, which is not after <paramref name="After"/>. The job is
    /// stopped rather than risk a loop or a double fire.
    /// </summary>
    public sealed record ScheduleMisbehaved(string Job, DateTimeOffset After, DateTimeOffset Returned) : PlanNotice(Job);

    /// <summary>
    /// A fire that had failed to publish was still pending when a reload changed, suspended or removed its job; the
    /// reloaded definition decides from here and the pending fire is not published.
    /// </summary>
    public sealed record PendingFireSuperseded(string Job, DateTimeOffset ScheduledAt) : PlanNotice(Job);
}
