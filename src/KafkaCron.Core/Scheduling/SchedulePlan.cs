using System.Diagnostics.CodeAnalysis;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Leadership;

namespace KafkaCron.Core.Scheduling;

/// <summary>
/// The scheduler's pure core: every job's position (the last instant it fired) and its next fire, kept in a
/// priority queue ordered by the instant the fire is due. Handing out due fires costs O(log n) each; nothing ever
/// scans all jobs except applying a new job file. The plan does no I/O and reads no clock: the caller passes the
/// instant. It is not thread-safe; one loop owns it.
/// </summary>
/// <remarks>
/// Guarantees: a fire is never handed out before its scheduled instant; a job never gets a fire at or before an
/// instant it already fired; a paused or suspended job never fires: its instants are withheld, each with a notice,
/// and a resume catches up on at most one of them (<see cref="SetPaused"/>); a fire whose publication failed stays
/// pending (or is resolved by the job's misfire policy) and is never silently dropped.
/// </remarks>
public sealed class SchedulePlan(Func<JobDefinition, IFireSchedule> scheduleFor)
{
    private readonly PriorityQueue<JobSlot, (long WakeAtTicks, int Order)> _queue = new();

    // Bounded: every notice comes from one call on one job, and the owner drains them after its calls.
    private readonly List<PlanNotice> _notices = [];

    private Dictionary<string, JobSlot> _slots = new(StringComparer.Ordinal);

    // The slots whose fire is being published, each knowing its index: O(1) to add and remove, scanned by checkpoints.
    private readonly List<JobSlot> _inFlight = [];

    // Slots that may be behind the watermark: a failed fire pending, a catch-up at or before it. Checkpoints list those
    // that are and forget the rest; nothing else can fall behind it (see Checkpoint).
    private readonly HashSet<JobSlot> _behind = [];

    private DateTimeOffset _watermark = DateTimeOffset.MinValue;

    // The jobs paused at runtime (the control topic); suspended ones are known from their definitions.
    private IReadOnlySet<string> _paused = new HashSet<string>();

    /// <summary>Jobs in the applied file, suspended ones included.</summary>
    public int JobCount => _slots.Count;

    /// <summary>When the next fire is due (or a failed one is retried); null when no job will fire again.</summary>
    public DateTimeOffset? NextWakeAt => _queue.TryPeek(out _, out var key) ? new DateTimeOffset(key.WakeAtTicks, TimeSpan.Zero) : null;

    /// <summary>Fires whose publication failed and that are waiting to be tried again.</summary>
    public int PendingCount => _behind.Count(slot => slot.Deferrals > 0 && !slot.Detached);

    /// <summary>
    /// The instant up to which every fire of every job is accounted for, except for the jobs the latest
    /// <see cref="Checkpoint"/> listed as pending. It only moves forward: from the resume point of a term, or the first
    /// job file applied, at each checkpoint.
    /// </summary>
    public DateTimeOffset Watermark => _watermark;

    /// <summary>Every job's next fire, null for a paused or suspended job or one that will not fire again.</summary>
    public IEnumerable<KeyValuePair<string, DateTimeOffset?>> NextFires =>
        _slots.Select(pair => KeyValuePair.Create(pair.Key, NextFire(pair.Value)));

    public DateTimeOffset? NextFireOf(string job) => _slots.TryGetValue(job, out var slot) ? NextFire(slot) : null;

    /// <summary>
    /// Loads a job file, or reloads one at <paramref name="now"/>. A job whose schedule and time zone are unchanged
    /// keeps its position, including a fire due right now or one being published, so a reload neither drops nor
    /// doubles it; <c>suspend</c> pauses or resumes it in place (<see cref="SetPaused"/>). A new job fires first strictly after <paramref name="now"/>; a changed one strictly
    /// after the later of <paramref name="now"/> and its last fire; a removed one is forgotten. Throws, leaving the
    /// plan unchanged, when a job name repeats or a schedule cannot be built.
    /// </summary>
    public PlanChanges Apply(JobFile file, DateTimeOffset now)
    {
        // Everything that can throw (duplicate names, a schedule that cannot be built) happens before the plan is
        // touched, so a job file that fails to apply leaves the running plan exactly as it was.
        var schedules = BuildSchedules(file);
        if (_watermark == DateTimeOffset.MinValue)
        {
            // A plan started by a job file owes nothing before it: every job fires first after now.
            _watermark = now;
        }

        var slots = new Dictionary<string, JobSlot>(file.Jobs.Count, StringComparer.Ordinal);
        int kept = 0, added = 0, rescheduled = 0, suspended = 0;
        for (var order = 0; order < file.Jobs.Count; order++)
        {
            var job = file.Jobs[order];
            if (job.Suspend)
            {
                suspended++;
            }

            if (_slots.TryGetValue(job.Name, out var old) && SameTiming(old.Definition, job))
            {
                old.Definition = job;
                old.Order = order;
                // suspend: false in a reload is a resume like kcron resume; the queue is rebuilt below.
                UpdatePaused(old, now);
                slots.Add(job.Name, old);
                kept++;
                continue;
            }

            // A changed schedule starts afresh: instants withheld under the old one are not caught up.
            var slot = new JobSlot(job, schedules[order]!, order) { Paused = IsPaused(job) };
            if (old is null)
            {
                added++;
            }
            else
            {
                rescheduled++;
                Retire(old);
                slot.LastFired = old.LastFired;
            }

            var after = slot.LastFired is { } last && last > now ? last : now;
            slot.MoveTo(NextOrNotice(slot, slot.Schedule, after));
            slots.Add(job.Name, slot);
        }

        var removed = 0;
        foreach (var (name, old) in _slots)
        {
            if (!slots.ContainsKey(name))
            {
                Retire(old);
                removed++;
            }
        }

        _slots = slots;
        // Without checkpoints (a single scheduler) nothing else forgets the slots a reload replaced.
        _behind.RemoveWhere(slot => slot.Detached);
        _queue.Clear();
        _queue.EnqueueRange(slots.Values.Where(slot => slot.IsQueued).Select(slot => (slot, Key(slot))));
        return new PlanChanges(kept, added, rescheduled, removed, suspended);
    }

    /// <summary>
    /// Starts a leadership term: loads <paramref name="file"/> into this empty plan with each job at its position in
    /// <paramref name="from"/> instead of at <paramref name="now"/>. The instants a job missed after its position
    /// and up to <paramref name="now"/> are handled by its misfire policy: <see cref="MisfirePolicy.FireOnce"/> fires
    /// the latest of them, <see cref="MisfirePolicy.FireAll"/> fires those within the catch-up window in order,
    /// <see cref="MisfirePolicy.Skip"/> fires none. Each job with missed instants yields a
    /// <see cref="PlanNotice.MissedWhileNotLeading"/>. Throws, leaving the plan empty, like <see cref="Apply"/>.
    /// </summary>
    public PlanChanges Resume(JobFile file, DateTimeOffset now, ResumePoint from)
    {
        if (_slots.Count > 0)
        {
            throw new InvalidOperationException("a plan resumes only when it is empty, at the start of a term");
        }

        var schedules = BuildSchedules(file);
        _watermark = from.Watermark;
        var slots = new Dictionary<string, JobSlot>(file.Jobs.Count, StringComparer.Ordinal);
        var suspended = 0;
        for (var order = 0; order < file.Jobs.Count; order++)
        {
            var job = file.Jobs[order];
            if (job.Suspend)
            {
                suspended++;
            }

            // A paused job is placed like any other; the instants it then owes are withheld as they come due.
            var slot = new JobSlot(job, schedules[order]!, order) { LastFired = from.LastFiredOf(job.Name), Paused = IsPaused(job) };
            PlaceAfterOutage(slot, slot.Schedule, from.PositionOf(job.Name), now);
            if (slot.Next <= _watermark)
            {
                // Pending in the checkpoint it resumes from, and still owed: listed again until it is published.
                _behind.Add(slot);
            }

            slots.Add(job.Name, slot);
        }

        _slots = slots;
        _queue.Clear();
        _queue.EnqueueRange(slots.Values.Where(slot => slot.IsQueued).Select(slot => (slot, Key(slot))));
        return new PlanChanges(0, file.Jobs.Count, 0, 0, suspended);
    }

    /// <summary>
    /// What a checkpoint taken at <paramref name="now"/> records: a watermark, the instant up to which every fire of
    /// every job is accounted for (published, withheld, or skipped by its misfire policy), and as pending only the
    /// exceptions, the jobs with a fire at or before it that is not: a failed fire waiting to be tried again, a
    /// catch-up. The watermark is the latest instant that leaves out every other unaccounted fire (the earliest due or
    /// being published), never after <paramref name="now"/> and never before the previous one. Costs O(fires in
    /// flight + exceptions), not O(jobs): the size and the cost of a checkpoint do not grow with the job count.
    /// <see cref="ScheduleCheckpoint.ReadBackFrom"/> is left for the caller, which knows where the fires after the
    /// watermark were stored.
    /// </summary>
    /// <remarks>
    /// Why nothing else can fall behind the watermark: a fire after it is only ever followed by later ones (a job's
    /// next instant is after its last); a fire that fails joins the exceptions (<see cref="Defer"/>), and so do a
    /// catch-up at an earlier instant (<see cref="SetPaused"/>) and a job a new term resumes behind the watermark it
    /// inherits (<see cref="Resume"/>). The queue's first entry bounds every fire waiting there (a pending fire waits
    /// at its retry instant, after its own, which is why it is an exception).
    /// </remarks>
    public ScheduleCheckpoint Checkpoint(DateTimeOffset now)
    {
        var bound = now;
        if (NextWakeAt is { } wake && wake.AddTicks(-1) < bound)
        {
            bound = wake.AddTicks(-1);
        }

        foreach (var slot in _inFlight)
        {
            if (!IsBehind(slot) && slot.Next!.Value.AddTicks(-1) < bound)
            {
                bound = slot.Next.Value.AddTicks(-1);
            }
        }

        if (bound > _watermark)
        {
            _watermark = bound;
        }

        _behind.RemoveWhere(slot => slot.Detached || slot.Next is not { } next || (next > _watermark && slot.Deferrals == 0));
        var pending = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var slot in _behind)
        {
            if (slot.Next is { } next && next <= _watermark)
            {
                pending[slot.Definition.Name] = next;
            }
        }

        return new ScheduleCheckpoint { ScheduledUpTo = _watermark, Pending = pending };
    }

    /// <summary>
    /// Hands out the next fire due at <paramref name="now"/>, earliest first (job file order among equals), and
    /// marks it as being published. Call until it returns false.
    /// </summary>
    public bool TryTakeDue(DateTimeOffset now, [NotNullWhen(true)] out DueFire? fire)
    {
        while (_queue.TryPeek(out var slot, out var key) && key.WakeAtTicks <= now.UtcTicks)
        {
            _queue.Dequeue();
            var skipped = 0;
            if (slot.Deferrals > 0 && !ResolveMisfire(slot, now, out skipped))
            {
                continue;
            }

            if (slot.Paused)
            {
                Withhold(slot);
                continue;
            }

            // WakeAt is never before Next, so Next <= now here: the never-early guarantee.
            slot.InFlightIndex = _inFlight.Count;
            _inFlight.Add(slot);
            slot.FireId ??= FireIds.NewVersion7(now);
            fire = new DueFire(slot, slot.Next!.Value, slot.FireId.Value, skipped, IsBehind(slot));
            return true;
        }

        fire = null;
        return false;
    }

    /// <summary>The fire was published: it becomes the job's last fire and its next instant is planned.</summary>
    public void Complete(DueFire fire)
    {
        var slot = TakeBack(fire);
        if (slot is null)
        {
            return;
        }

        slot.LastFired = fire.ScheduledAt;
        slot.MoveTo(NextOrNotice(slot, slot.Schedule, fire.ScheduledAt));
        Enqueue(slot);
    }

    /// <summary>
    /// Publishing the fire failed. It stays pending and is handed out again at <paramref name="retryAt"/> (later
    /// instants of the job wait behind it, so its fires stay in order), unless the job's misfire policy is
    /// <see cref="MisfirePolicy.Skip"/>: a fire that cannot go out on time is then dropped, with a notice.
    /// </summary>
    /// <returns>When the fire will be tried again; null when it will not (dropped, or its job was reloaded).</returns>
    public DateTimeOffset? Defer(DueFire fire, DateTimeOffset now, DateTimeOffset retryAt)
    {
        var slot = TakeBack(fire);
        if (slot is null)
        {
            _notices.Add(new PlanNotice.PendingFireSuperseded(fire.Job.Name, fire.ScheduledAt));
            return null;
        }

        if (slot.Definition.MisfirePolicy == MisfirePolicy.Skip)
        {
            var skipped = 1 + ScheduleWalk.Count(slot.Schedule, fire.ScheduledAt, now);
            var next = NextOrNotice(slot, slot.Schedule, now > fire.ScheduledAt ? now : fire.ScheduledAt);
            _notices.Add(new PlanNotice.MisfiresSkipped(slot.Definition.Name, skipped, next));
            slot.MoveTo(next);
            Enqueue(slot);
            return null;
        }

        slot.Deferrals++;
        slot.WakeAt = retryAt > fire.ScheduledAt ? retryAt : fire.ScheduledAt;
        _behind.Add(slot);
        Enqueue(slot);
        return slot.WakeAt;
    }

    /// <summary>
    /// Takes the jobs paused at runtime (<c>kcron pause</c>, read from the control topic), besides those the job file
    /// suspends. A paused job keeps its place: each instant that comes due is withheld, with a
    /// <see cref="PlanNotice.FireWithheld"/>, and the job moves on to its next instant. A job that is paused no longer
    /// (and not suspended) is resumed at <paramref name="now"/> (<see cref="PlanNotice.PauseLifted"/>): the instants
    /// withheld meanwhile are not replayed, and its misfire policy says whether the latest of them fires once now.
    /// Costs O(jobs paused before and after), plus O(jobs in the queue) for each job that catches up.
    /// </summary>
    public void SetPaused(IReadOnlySet<string> paused, DateTimeOffset now)
    {
        var previous = _paused;
        _paused = paused;
        foreach (var name in previous.Concat(paused))
        {
            if (_slots.TryGetValue(name, out var slot) && UpdatePaused(slot, now))
            {
                // The slot sits in the queue at its next instant; the catch-up comes first.
                _queue.Remove(slot, out _, out _);
                Enqueue(slot);
            }
        }
    }

    /// <summary>Returns and forgets what the plan decided since the last call.</summary>
    public IReadOnlyList<PlanNotice> DrainNotices()
    {
        if (_notices.Count == 0)
        {
            return [];
        }

        var notices = _notices.ToArray();
        _notices.Clear();
        return notices;
    }

    /// <summary>Each job's schedule, null for one that keeps its slot; throws before anything changes.</summary>
    private IFireSchedule?[] BuildSchedules(JobFile file)
    {
        var names = new HashSet<string>(file.Jobs.Count, StringComparer.Ordinal);
        var schedules = new IFireSchedule?[file.Jobs.Count];
        for (var order = 0; order < file.Jobs.Count; order++)
        {
            var job = file.Jobs[order];
            if (!names.Add(job.Name))
            {
                throw new ArgumentException($"job {job.Name} appears twice in the job file", nameof(file));
            }

            var keeps = _slots.TryGetValue(job.Name, out var old) && SameTiming(old.Definition, job);
            schedules[order] = keeps ? null : scheduleFor(job);
        }

        return schedules;
    }

    /// <summary>
    /// Places a job of a new term whose fires are accounted for up to <paramref name="position"/>: the instants in
    /// (<paramref name="position"/>, <paramref name="now"/>] were missed while no scheduler published them.
    /// </summary>
    private void PlaceAfterOutage(JobSlot slot, IFireSchedule schedule, DateTimeOffset position, DateTimeOffset now)
    {
        if (slot.LastFired is { } last && last > position)
        {
            position = last;
        }

        var job = slot.Definition;
        var missed = position < now ? ScheduleWalk.Count(schedule, position, now) : 0;
        if (missed == 0)
        {
            slot.MoveTo(NextOrNotice(slot, schedule, position > now ? position : now));
            return;
        }

        DateTimeOffset? next;
        int skipped;
        switch (job.MisfirePolicy)
        {
            case MisfirePolicy.FireAll:
                var windowStart = job.CatchUpWindow >= now - DateTimeOffset.MinValue ? DateTimeOffset.MinValue : now - job.CatchUpWindow;
                var beforeWindow = windowStart.AddTicks(-1);
                var from = beforeWindow > position ? beforeWindow : position;
                skipped = from > position ? ScheduleWalk.Count(schedule, position, from) : 0;
                next = NextOrNotice(slot, schedule, from);
                break;

            case MisfirePolicy.Skip:
                skipped = missed;
                next = NextOrNotice(slot, schedule, now);
                break;

            default:
                skipped = missed - 1;
                next = ScheduleWalk.Latest(schedule, position, now);
                break;
        }

        slot.MoveTo(next);
        _notices.Add(new PlanNotice.MissedWhileNotLeading(job.Name, position, missed, job.MisfirePolicy, skipped, next));
    }

    private bool IsPaused(JobDefinition job) => job.Suspend || _paused.Contains(job.Name);

    /// <summary>A paused job will not fire until it is resumed, whatever instant comes next.</summary>
    private static DateTimeOffset? NextFire(JobSlot slot) => slot.Paused ? null : slot.Next;

    /// <returns>True when the slot now waits for a catch-up fire instead of its next instant.</returns>
    private bool UpdatePaused(JobSlot slot, DateTimeOffset now)
    {
        var paused = IsPaused(slot.Definition);
        if (paused == slot.Paused)
        {
            return false;
        }

        slot.Paused = paused;
        return !paused && Lift(slot, now);
    }

    /// <summary>The due instant of a paused job: not handed out; the job moves on to its next instant.</summary>
    private void Withhold(JobSlot slot)
    {
        var job = slot.Definition;
        var instant = slot.Next!.Value;
        slot.Withheld = instant;
        slot.WithheldCount++;
        _notices.Add(new PlanNotice.FireWithheld(job.Name, job.Cluster, instant, job.Suspend));
        slot.MoveTo(NextOrNotice(slot, slot.Schedule, instant));
        Enqueue(slot);
    }

    /// <summary>
    /// The job is resumed at <paramref name="now"/>. The instants withheld while it was paused are not replayed: at
    /// most the latest of them fires once, now, when the misfire policy asks for one: <see cref="MisfirePolicy.FireOnce"/>
    /// always, <see cref="MisfirePolicy.FireAll"/> when it lies within the catch-up window, <see cref="MisfirePolicy.Skip"/>
    /// never. None either when the job's next instant is due already (that fire goes out now anyway) or a fire of the
    /// job is still being published.
    /// </summary>
    /// <returns>True when the slot's next fire is now the catch-up.</returns>
    private bool Lift(JobSlot slot, DateTimeOffset now)
    {
        var job = slot.Definition;
        var withheld = slot.Withheld;
        var count = slot.WithheldCount;
        slot.Withheld = null;
        slot.WithheldCount = 0;
        var catchUp = job.MisfirePolicy switch
        {
            MisfirePolicy.FireOnce => withheld,
            MisfirePolicy.FireAll when withheld is { } instant && now - instant <= job.CatchUpWindow => withheld,
            _ => null,
        };
        if (slot.InFlight || slot.Deferrals > 0 || slot.Detached || slot.Next <= now)
        {
            catchUp = null;
        }

        _notices.Add(new PlanNotice.PauseLifted(job.Name, count, job.MisfirePolicy, catchUp));
        if (catchUp is not { } at)
        {
            return false;
        }

        slot.Next = at;
        slot.WakeAt = at;
        slot.FireId = null;
        _behind.Add(slot);
        return true;
    }

    /// <summary>Suspending a job does not change its timing: it keeps its position, and its instants are withheld.</summary>
    private static bool SameTiming(JobDefinition old, JobDefinition job) =>
        string.Equals(old.Schedule, job.Schedule, StringComparison.Ordinal)
        && string.Equals(old.TimeZone, job.TimeZone, StringComparison.Ordinal);

    private static (long, int) Key(JobSlot slot) => (slot.WakeAtTicks, slot.Order);

    private JobSlot? TakeBack(DueFire fire)
    {
        var slot = fire.Slot;
        if (!slot.InFlight)
        {
            throw new InvalidOperationException($"the fire of {fire.Job.Name} at {fire.ScheduledAt:O} was already handed back");
        }

        // Swap the last slot being published into the gap: O(1), order does not matter.
        var last = _inFlight[^1];
        _inFlight[slot.InFlightIndex] = last;
        last.InFlightIndex = slot.InFlightIndex;
        _inFlight.RemoveAt(_inFlight.Count - 1);
        slot.InFlightIndex = -1;
        return slot.Detached ? null : slot;
    }

    /// <summary>A slot whose fire a checkpoint lists by name rather than covering it by the watermark.</summary>
    private bool IsBehind(JobSlot slot) => slot.Deferrals > 0 || slot.Next <= _watermark;

    private void Enqueue(JobSlot slot)
    {
        if (slot.IsQueued)
        {
            _queue.Enqueue(slot, Key(slot));
        }
    }

    private void Retire(JobSlot old)
    {
        old.Detached = true;
        if (!old.InFlight && old.Deferrals > 0 && old.Next is { } pending)
        {
            _notices.Add(new PlanNotice.PendingFireSuperseded(old.Definition.Name, pending));
        }
    }

    private DateTimeOffset? NextOrNotice(JobSlot slot, IFireSchedule schedule, DateTimeOffset after)
    {
        var next = ScheduleWalk.Next(schedule, after, out var misbehaved);
        if (misbehaved is { } returned)
        {
            _notices.Add(new PlanNotice.ScheduleMisbehaved(slot.Definition.Name, after, returned));
        }
        else if (next is null)
        {
            _notices.Add(new PlanNotice.ScheduleEnded(slot.Definition.Name, after));
        }

        return next;
    }

    /// <summary>
    /// A fire that failed to publish comes due again at <paramref name="now"/>; instants that came due meanwhile
    /// are the job's misfires. Returns false when nothing of the job is due now (it was moved to the future).
    /// </summary>
    private bool ResolveMisfire(JobSlot slot, DateTimeOffset now, out int skipped)
    {
        skipped = 0;
        var pending = slot.Next!.Value;
        var schedule = slot.Schedule;
        var job = slot.Definition;
        switch (job.MisfirePolicy)
        {
            case MisfirePolicy.FireOnce:
                if (ScheduleWalk.Latest(schedule, pending, now) is not { } latest)
                {
                    return true;
                }

                // Every instant after the pending one, up to now, is folded into a single fire of the latest.
                skipped = ScheduleWalk.Count(schedule, pending, now);
                _notices.Add(new PlanNotice.MisfiresSkipped(job.Name, skipped, latest));
                slot.Next = latest;
                slot.WakeAt = latest;
                slot.FireId = null;
                return true;

            case MisfirePolicy.FireAll:
                var windowStart = job.CatchUpWindow >= now - DateTimeOffset.MinValue ? DateTimeOffset.MinValue : now - job.CatchUpWindow;
                if (pending >= windowStart)
                {
                    return true;
                }

                var beforeWindow = windowStart.AddTicks(-1);
                skipped = 1 + ScheduleWalk.Count(schedule, pending, beforeWindow);
                var first = NextOrNotice(slot, schedule, beforeWindow);
                _notices.Add(new PlanNotice.MisfiresSkipped(job.Name, skipped, first));
                if (first is { } instant && instant <= now)
                {
                    slot.Next = instant;
                    slot.WakeAt = instant;
                    slot.FireId = null;
                    return true;
                }

                slot.MoveTo(first);
                Enqueue(slot);
                return false;

            default:
                return true;
        }
    }
}
