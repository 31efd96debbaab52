using KafkaCron.Core.Jobs;

namespace KafkaCron.Core.Scheduling;

/// <summary>
/// A job's place in a <see cref="SchedulePlan"/>. It sits in the plan's queue exactly when it has a next fire and
/// that fire is neither being published nor belongs to a slot a reload replaced.
/// </summary>
/// <remarks>
/// A plan holds one slot per job, 100,000 of them in the largest files measured, so the slot keeps its instants as
/// UTC ticks and its fire id without a nullable wrapper: 104 bytes instead of the 168 that four
/// <c>DateTimeOffset?</c> and a <c>Guid?</c> took (docs/decisions/memory-per-job.md). The properties read as
/// instants in UTC; only the instant matters to the plan, and every message and checkpoint writes UTC.
/// </remarks>
internal sealed class JobSlot(JobDefinition definition, IFireSchedule schedule, int order)
{
    private const long NoInstant = long.MinValue;

    private long _lastFired = NoInstant;
    private long _next = NoInstant;
    private long _wakeAt = DateTimeOffset.MaxValue.UtcTicks;
    private long _withheld = NoInstant;

    // Guid.Empty while none is minted: a UUIDv7 carries its version bits, so it is never empty.
    private Guid _fireId;

    public JobDefinition Definition { get; set; } = definition;

    /// <summary>Built for every job, paused or suspended ones too: their instants still come due, and are withheld.</summary>
    public IFireSchedule Schedule { get; } = schedule;

    /// <summary>Position in the job file: breaks ties between fires due at the same instant.</summary>
    public int Order { get; set; } = order;

    /// <summary>The latest instant published for this job; no fire at or before it is ever produced again.</summary>
    public DateTimeOffset? LastFired
    {
        get => Instant(_lastFired);
        set => _lastFired = Ticks(value);
    }

    /// <summary>The scheduled instant of the job's next fire; null when the job never fires again.</summary>
    public DateTimeOffset? Next
    {
        get => Instant(_next);
        set => _next = Ticks(value);
    }

    /// <summary>When the next fire is handed out: <see cref="Next"/>, or later while a failed publication backs off.</summary>
    public DateTimeOffset WakeAt
    {
        get => new(_wakeAt, TimeSpan.Zero);
        set => _wakeAt = value.UtcTicks;
    }

    /// <summary><see cref="WakeAt"/> in UTC ticks: the plan's queue orders slots by it.</summary>
    public long WakeAtTicks => _wakeAt;

    /// <summary>Minted when <see cref="Next"/> is first handed out and kept while that fire is retried.</summary>
    public Guid? FireId
    {
        get => _fireId == Guid.Empty ? null : _fireId;
        set => _fireId = value ?? Guid.Empty;
    }

    /// <summary>How many publications of <see cref="Next"/> failed.</summary>
    public int Deferrals { get; set; }

    /// <summary>Where the slot sits in the plan's list of slots being published; -1 when none of its fires is.</summary>
    public int InFlightIndex { get; set; } = -1;

    public bool InFlight => InFlightIndex >= 0;

    /// <summary>
    /// Paused (<c>kcron pause</c>) or suspended (<c>suspend: true</c>): each instant that comes due is withheld, not
    /// handed out, and the job moves on to its next one.
    /// </summary>
    public bool Paused { get; set; }

    /// <summary>The latest instant withheld since the job was paused; what a resume may catch up on.</summary>
    public DateTimeOffset? Withheld
    {
        get => Instant(_withheld);
        set => _withheld = Ticks(value);
    }

    /// <summary>Instants withheld since the job was paused.</summary>
    public int WithheldCount { get; set; }

    /// <summary>Set when a reload replaced or removed the job: an answer about a fire of this slot changes nothing.</summary>
    public bool Detached { get; set; }

    public bool IsQueued => !Detached && !InFlight && _next != NoInstant;

    /// <summary>Points the slot at a new upcoming instant (or none), forgetting any failed publication.</summary>
    public void MoveTo(DateTimeOffset? next)
    {
        Next = next;
        WakeAt = next ?? DateTimeOffset.MaxValue;
        FireId = null;
        Deferrals = 0;
    }

    private static DateTimeOffset? Instant(long ticks) => ticks == NoInstant ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    private static long Ticks(DateTimeOffset? instant) => instant?.UtcTicks ?? NoInstant;
}
