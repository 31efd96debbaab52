using KafkaCron.Core.Jobs;

namespace KafkaCron.Core.Scheduling;

/// <summary>
/// A job's place in a <see cref="SchedulePlan"/>. It sits in the plan's queue exactly when it has a next fire and
/// that fire is neither being published nor belongs to a slot a reload replaced.
/// </summary>
internal sealed class JobSlot(JobDefinition definition, IFireSchedule schedule, int order)
{
    public JobDefinition Definition { get; set; } = definition;

    /// <summary>Built for every job, paused or suspended ones too: their instants still come due, and are withheld.</summary>
    public IFireSchedule Schedule { get; } = schedule;

    /// <summary>Position in the job file: breaks ties between fires due at the same instant.</summary>
    public int Order { get; set; } = order;

    /// <summary>The latest instant published for this job; no fire at or before it is ever produced again.</summary>
    public DateTimeOffset? LastFired { get; set; }

    /// <summary>The scheduled instant of the job's next fire; null when the job never fires again.</summary>
    public DateTimeOffset? Next { get; set; }

    /// <summary>When the next fire is handed out: <see cref="Next"/>, or later while a failed publication backs off.</summary>
    public DateTimeOffset WakeAt { get; set; }

    /// <summary>Minted when <see cref="Next"/> is first handed out and kept while that fire is retried.</summary>
    public Guid? FireId { get; set; }

    /// <summary>How many publications of <see cref="Next"/> failed.</summary>
    public int Deferrals { get; set; }

    public bool InFlight { get; set; }

    /// <summary>
    /// Paused (<c>kcron pause</c>) or suspended (<c>suspend: true</c>): each instant that comes due is withheld, not
    /// handed out, and the job moves on to its next one.
    /// </summary>
    public bool Paused { get; set; }

    /// <summary>The latest instant withheld since the job was paused; what a resume may catch up on.</summary>
    public DateTimeOffset? Withheld { get; set; }

    /// <summary>Instants withheld since the job was paused.</summary>
    public int WithheldCount { get; set; }

    /// <summary>Set when a reload replaced or removed the job: an answer about a fire of this slot changes nothing.</summary>
    public bool Detached { get; set; }

    public bool IsQueued => !Detached && !InFlight && Next is not null;

    /// <summary>Points the slot at a new upcoming instant (or none), forgetting any failed publication.</summary>
    public void MoveTo(DateTimeOffset? next)
    {
        Next = next;
        WakeAt = next ?? DateTimeOffset.MaxValue;
        FireId = null;
        Deferrals = 0;
    }
}
