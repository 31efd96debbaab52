using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Scheduler.Pausing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.Scheduler.Engine;

/// <summary>
/// Owns the scheduling loop: sleeps on the injected clock until the plan's next fire is due (or a job file, a
/// publication result or cancellation wakes it), hands due fires to the publisher without waiting for one before
/// sending the next, and feeds the results back into the plan. A fire costs no task and no thread hop of its own: it
/// is encoded from its job's template and handed over on the loop, and the publisher reports its outcome into a
/// queue that the loop drains on its next turn. One term of leadership is one call of
/// <see cref="RunAsync(SchedulerTerm, CancellationToken)"/>: it starts a plan from the latest job file (at the
/// term's resume point) and ends when its token is cancelled.
/// </summary>
internal sealed class SchedulerEngine
{
    /// <summary>
    /// Timers run on a monotonic clock, schedules on the wall clock: capping each sleep bounds how late a fire can be
    /// when the wall clock is stepped forward while the loop sleeps.
    /// </summary>
    internal static readonly TimeSpan MaxIdleWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The tag of fires the misfire policy skipped: the reason alone. A job label would be a series per job, and after
    /// a takeover every job of 100,000 may skip some; the log lines (2007, 2018) name the job.
    /// </summary>
    private static readonly KeyValuePair<string, object?> MisfireSkips = new(MetricTags.Reason, MetricTags.ReasonMisfire);

    private readonly IFirePublisher? _publisher;
    private readonly Func<JobDefinition, IFireSchedule> _scheduleFor;
    private readonly ScheduleCache _schedules;
    private readonly TimeProvider _time;
    private readonly KafkaCronMetrics _metrics;
    private readonly SchedulerOptions _options;
    private readonly ILogger<SchedulerEngine> _logger;
    private readonly JobNextFireGauge _nextFires;
    private readonly PauseGate _pauses;
    private readonly FireTemplates _templates = new();

    // One pending wake-up is enough: the loop re-reads all of its inputs each time it wakes.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Lock _jobFileGate = new();
    private JobFile _jobFile = JobFile.Empty;
    private long _jobFileVersion;
    private int _running;

    // Per term, owned by the loop: how late the last published fires were, and the episode they belong to.
    private TimeSpan _lastLateness;
    private BehindSchedule _behind;

    /// <param name="publisher">Publishes the fires of terms that bring no publisher of their own; null when every term does.</param>
    /// <param name="pauses">The paused jobs and where withheld fires are reported; null: no runtime pauses (suspend: true still works).</param>
    public SchedulerEngine(
        IFirePublisher? publisher,
        Func<JobDefinition, IFireSchedule> scheduleFor,
        TimeProvider time,
        KafkaCronMetrics metrics,
        IOptions<SchedulerOptions> options,
        ILogger<SchedulerEngine> logger,
        PauseGate? pauses = null)
    {
        _pauses = pauses ?? new PauseGate(NoPausedJobs.Instance, null, metrics, time, logger);
        _pauses.Jobs.Changed += () => _wake.Writer.TryWrite(true);
        _publisher = publisher;
        _schedules = new ScheduleCache(scheduleFor);
        _scheduleFor = _schedules.For;
        _time = time;
        _metrics = metrics;
        _options = options.Value;
        _logger = logger;
        _nextFires = new JobNextFireGauge(metrics, _options.JobMetricsMaxJobs);
        _behind = new BehindSchedule(_options.BehindWarning);
    }

    /// <summary>The clusters of the latest job file: the topics a new leader reads back what was published to.</summary>
    public IReadOnlyList<string> Clusters
    {
        get
        {
            lock (_jobFileGate)
            {
                return [.. _jobFile.Clusters.Select(cluster => cluster.Name)];
            }
        }
    }

    /// <summary>
    /// Hands the engine a new job file. Thread-safe; the latest one wins. A running term applies it at once (it
    /// wakes the loop); a term that starts later begins from it.
    /// </summary>
    public void Apply(JobFile jobFile)
    {
        // Every replica, standby or not, builds the schedules and message templates as soon as it reads a job file:
        // a new leader's plan then only places jobs, and takes over faster.
        _schedules.Prepare(jobFile);
        _templates.Prepare(jobFile);
        lock (_jobFileGate)
        {
            _jobFile = jobFile;
            _jobFileVersion++;
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Runs without leader election: no epoch on the fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(epoch: null, cancellationToken);

    /// <summary>Runs a term that starts every job after now and takes no checkpoints.</summary>
    public Task RunAsync(long? epoch, CancellationToken cancellationToken) => RunAsync(new SchedulerTerm { Epoch = epoch }, cancellationToken);

    /// <summary>
    /// Schedules until <paramref name="cancellationToken"/> is cancelled (shutdown, or leadership lost), stamping
    /// every fire with the term's epoch. Returns normally when cancelled; fails when the publisher is broken for
    /// good (<see cref="PublishFailureKind.Fatal"/>). When it stops, it takes the outcomes that arrived and reports in
    /// one line the fires whose outcome has not; fires still pending after a failed publication are reported, and
    /// left to the next term through the last checkpoint.
    /// </summary>
    public async Task RunAsync(SchedulerTerm term, CancellationToken cancellationToken)
    {
        var publisher = term.Publisher ?? _publisher
            ?? throw new ArgumentException("the term brings no publisher and the engine has none", nameof(term));
        // Nothing is published before every pause written so far is known: a pause survives restarts and failovers.
        if (!await _pauses.ReadToEndAsync(cancellationToken))
        {
            return;
        }

        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("the scheduler engine is already running a term");
        }

        // A term reads all of its inputs afresh; wake-ups left from before it mean nothing to it.
        while (_wake.Reader.TryRead(out _))
        {
        }

        var plan = new SchedulePlan(_scheduleFor);
        _lastLateness = TimeSpan.Zero;
        _behind = new BehindSchedule(_options.BehindWarning);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = new TermRun(term, publisher, term.Checkpoint is null
            ? null
            : new CheckpointTracker(term.TopicEnds, term.Resume, term.CheckpointInterval, _time.GetUtcNow()), stopping, () => _wake.Writer.TryWrite(true));
        Exception? fatal = null;
        try
        {
            var pausesApplied = _pauses.ApplyTo(plan, appliedVersion: -1, _time.GetUtcNow());
            var applied = ApplyLatest(plan, appliedVersion: -1, _time.GetUtcNow(), run);
            Log.TermStarted(_logger, plan.JobCount, term.Epoch);
            while (!stopping.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                fatal = HandleOutcomes(plan, now, run);
                if (fatal is not null)
                {
                    break;
                }

                pausesApplied = _pauses.ApplyTo(plan, pausesApplied, now);
                RetryQuickly(now, run);
                Dispatch(plan, now, run);
                ObserveLateness(plan, now, run);
                applied = ApplyLatest(plan, applied, now, run);
                ReportNotices(plan, run);
                if (run.Checkpoints is { } checkpoints && checkpoints.IsDue(now))
                {
                    term.Checkpoint!(checkpoints.Capture(plan, now));
                }

                await WaitAsync(NextWakeAt(plan, run), run);
            }
        }
        finally
        {
            await stopping.CancelAsync();
            // What arrived is taken; what did not stays unconfirmed (the producer's final flush may still land it).
            fatal ??= HandleOutcomes(plan, _time.GetUtcNow(), run);
            ReportNotices(plan, run);
            if (run.InFlight.Count > 0)
            {
                Log.FiresUnconfirmedAtStop(_logger, run.InFlight.Count, run.InFlight.Min(fire => fire.Fire!.ScheduledAt));
            }

            if (_behind.IsBehind)
            {
                Log.StoppedBehindSchedule(_logger, _lastLateness.TotalSeconds);
            }

            _metrics.SchedulerBehind.Record(0);
            if (plan.PendingCount > 0)
            {
                Log.PendingFiresAbandoned(_logger, plan.PendingCount);
            }

            // The last word of the term: its successor resumes from here (a lost term's write is refused, which is
            // right, as its successor may have moved on already).
            if (run.Checkpoints is { } checkpoints)
            {
                term.Checkpoint!(checkpoints.Capture(plan, _time.GetUtcNow()));
            }

            Log.TermStopped(_logger, term.Epoch);
            Volatile.Write(ref _running, 0);
        }

        if (fatal is not null)
        {
            ExceptionDispatchInfo.Throw(fatal);
        }
    }

    /// <summary>Hands out every fire due at <paramref name="now"/>, up to <c>Scheduler:MaxInFlight</c> being published.</summary>
    private void Dispatch(SchedulePlan plan, DateTimeOffset now, TermRun run)
    {
        while (run.InFlight.Count < _options.MaxInFlight && plan.TryTakeDue(now, out var fire))
        {
            // Every due fire passes here once, on its way out: a decision about a fire before it leaves belongs here.
            run.Checkpoints?.HandedOver(fire);
            var template = _templates.For(fire.Job);
            var outgoing = new OutgoingFire(fire, fire.Job.Cluster, template.Key, fire.FireId.ToString(), run);
            run.InFlight.Add(outgoing);
            if (!TryPublish(outgoing, template, run))
            {
                return;
            }
        }
    }

    /// <summary>Fires whose transient failure has waited out its quick-retry delay go out again, with the same fire id.</summary>
    private void RetryQuickly(DateTimeOffset now, TermRun run)
    {
        while (run.QuickRetries.TryPeek(out var outgoing, out var at) && at <= now)
        {
            run.QuickRetries.Dequeue();
            if (!TryPublish(outgoing, _templates.For(outgoing.Fire!.Job), run))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Encodes the attempt and hands it to the publisher, whose outcome arrives later through <paramref name="run"/>.
    /// Returns false, publishing nothing more, once the term can no longer prove that it leads.
    /// </summary>
    private bool TryPublish(OutgoingFire outgoing, FireTemplate template, TermRun run)
    {
        var fire = outgoing.Fire!;
        // The last moment before the fire leaves: a leader that was paused past its lease learns it here, before its
        // timers have caught up, and publishes nothing more.
        if (run.Term.MayPublish is { } mayPublish && !mayPublish())
        {
            // Never handed to the producer; the term's last checkpoint still shows the fire as owed, so the next leader
            // publishes it. The term is over whatever the caller's token says: nothing more may go out under its epoch.
            run.InFlight.Remove(outgoing);
            Log.FireWithheld(_logger, fire.Job.Name, fire.ScheduledAt, fire.FireId, $"leadership of epoch {run.Term.Epoch} can no longer be proven");
            run.Stopping.Cancel();
            return false;
        }

        outgoing.Attempts++;
        outgoing.Value = template.Encode(fire.ScheduledAt, _time.GetUtcNow(), fire.FireId, run.Term.Epoch);
        try
        {
            run.Publisher.Publish(outgoing);
        }
#pragma warning disable CA1031 // A publisher that throws instead of reporting has failed this attempt; the loop decides.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outgoing.Failed(ex);
        }

        return true;
    }

    /// <returns>The publisher's fatal failure, if one was reported.</returns>
    private Exception? HandleOutcomes(SchedulePlan plan, DateTimeOffset now, TermRun run)
    {
        run.ListenForOutcomes();
        Exception? fatal = null;
        while (run.Outcomes.TryDequeue(out var outgoing))
        {
            var fire = outgoing.Fire!;
            if (outgoing.Failure is FirePublishException { Kind: PublishFailureKind.Transient } && outgoing.Attempts <= _options.PublishRetries)
            {
                // Retried soon with the same fire id, still in flight: neither an error nor a pending fire yet.
                run.QuickRetries.Enqueue(outgoing, now + _options.QuickRetryDelay(outgoing.Attempts));
                continue;
            }

            run.InFlight.Remove(outgoing);
            var tags = FireTags(fire.Job);
            switch (outgoing.Failure)
            {
                case null:
                    run.Checkpoints?.Published(outgoing.Receipt);
                    plan.Complete(fire);
                    _metrics.FiresPublished.Add(1, tags);
                    _lastLateness = now - fire.ScheduledAt;
                    _metrics.FireLateness.Record(_lastLateness.TotalSeconds, new KeyValuePair<string, object?>(MetricTags.Cluster, fire.Job.Cluster));
                    if (_nextFires.Enabled)
                    {
                        _nextFires.Record(fire.Job.Name, plan.NextFireOf(fire.Job.Name));
                    }

                    Log.FirePublished(_logger, fire.Job.Name, fire.Job.Cluster, fire.ScheduledAt, fire.FireId, _lastLateness.TotalSeconds);
                    break;

                case FirePublishException { Kind: PublishFailureKind.Fatal } broken:
                    run.Checkpoints?.Changed();
                    _metrics.PublishErrors.Add(1, tags);
                    Log.PublisherBroken(_logger, fire.Job.Name, fire.ScheduledAt, broken);
                    fatal ??= broken;
                    break;

                case var failure:
                    run.Checkpoints?.Deferred(fire);
                    _metrics.PublishErrors.Add(1, tags);
                    var failures = fire.Deferrals + 1;
                    var retryAt = plan.Defer(fire, now, now + _options.PendingRetryDelay(failures));
                    var exception = failure is FirePublishException ? null : failure;
                    if (retryAt is { } at)
                    {
                        Log.FireKeptPending(_logger, fire.Job.Name, fire.Job.Cluster, fire.ScheduledAt, fire.FireId, failures, at, failure.Message, exception);
                    }
                    else
                    {
                        Log.FireNotRetried(_logger, fire.Job.Name, fire.Job.Cluster, fire.ScheduledAt, fire.FireId, failures, failure.Message, exception);
                    }

                    break;
            }
        }

        return fatal;
    }

    private long ApplyLatest(SchedulePlan plan, long appliedVersion, DateTimeOffset now, TermRun run)
    {
        JobFile jobFile;
        long version;
        lock (_jobFileGate)
        {
            jobFile = _jobFile;
            version = _jobFileVersion;
        }

        if (version == appliedVersion)
        {
            return appliedVersion;
        }

        PlanChanges changes;
        try
        {
            // The first file of a term is placed at the term's resume point; reloads within the term at now.
            changes = appliedVersion < 0 && run.Term.Resume is { } resume
                ? plan.Resume(jobFile, now, resume)
                : plan.Apply(jobFile, now);
            run.Checkpoints?.Changed();
        }
#pragma warning disable CA1031 // Logged loudly; a reload that cannot be applied must not stop the running schedule.
        catch (Exception ex) when (appliedVersion >= 0)
#pragma warning restore CA1031
        {
            Log.JobFileNotApplied(_logger, ex);
            return version;
        }

        _metrics.JobsLoaded.Record(plan.JobCount);
        var perJob = _nextFires.Enabled;
        _nextFires.RecordAll(plan.JobCount, plan.NextFires);
        if (perJob && !_nextFires.Enabled)
        {
            Log.PerJobMetricsOff(_logger, plan.JobCount, _options.JobMetricsMaxJobs);
        }

        Log.JobFileApplied(_logger, plan.JobCount, changes.Kept, changes.Added, changes.Rescheduled, changes.Removed, changes.Suspended);
        return version;
    }

    /// <summary>
    /// The job label is kept only on the canary jobs' fires (one series per cluster, which KcronCanaryStale watches):
    /// with it on every job, 100,000 jobs would be 100,000 series, cut by the exporter at 2,000.
    /// </summary>
    private static TagList FireTags(JobDefinition job) => CanaryJob.IsCanary(job.Name, job.Cluster)
        ? new TagList { { MetricTags.Cluster, job.Cluster }, { MetricTags.Job, job.Name } }
        : new TagList { { MetricTags.Cluster, job.Cluster } };

    /// <summary>
    /// How late the loop is on this turn: the oldest fire due but not yet handed over (the publisher is at
    /// MaxInFlight), or else how late the fires published since the last turn were acknowledged. Nothing in flight
    /// and nothing due means on time.
    /// </summary>
    private void ObserveLateness(SchedulePlan plan, DateTimeOffset now, TermRun run)
    {
        if (run.InFlight.Count == 0 && !(plan.NextWakeAt <= now))
        {
            _lastLateness = TimeSpan.Zero;
        }

        var behind = plan.NextWakeAt is { } due && due <= now && now - due > _lastLateness ? now - due : _lastLateness;
        _metrics.SchedulerBehind.Record(behind.TotalSeconds);
        switch (_behind.Observe(behind, now))
        {
            case BehindScheduleChange.FellBehind fell:
                Log.FellBehindSchedule(_logger, fell.Behind.TotalSeconds, run.InFlight.Count);
                break;
            case BehindScheduleChange.CaughtUp caught:
                Log.CaughtUpWithSchedule(_logger, caught.Lasted.TotalSeconds, caught.Worst.TotalSeconds);
                break;
        }
    }

    private void ReportNotices(SchedulePlan plan, TermRun run)
    {
        MissedInstants? missedWhileNotLeading = null;
        foreach (var notice in plan.DrainNotices())
        {
            switch (notice)
            {
                case PlanNotice.MisfiresSkipped skipped:
                    _metrics.FiresSkipped.Add(skipped.Count, MisfireSkips);
                    Log.MisfiresSkipped(_logger, skipped.Job, skipped.Count, skipped.Resume);
                    break;
                case PlanNotice.ScheduleEnded ended:
                    Log.ScheduleEnded(_logger, ended.Job, ended.After);
                    break;
                case PlanNotice.ScheduleMisbehaved misbehaved:
                    Log.ScheduleMisbehaved(_logger, misbehaved.Job, misbehaved.After, misbehaved.Returned);
                    break;
                case PlanNotice.FireWithheld withheld:
                    _pauses.Withheld(withheld);
                    _nextFires.Record(withheld.Job, null);
                    break;
                case PlanNotice.PauseLifted lifted:
                    _pauses.Lifted(lifted);
                    _nextFires.Record(lifted.Job, plan.NextFireOf(lifted.Job));
                    break;
                case PlanNotice.PendingFireSuperseded superseded:
                    Log.PendingFireSuperseded(_logger, superseded.Job, superseded.ScheduledAt);
                    break;
                case PlanNotice.MissedWhileNotLeading missed:
                    if (missed.Skipped > 0)
                    {
                        _metrics.FiresSkipped.Add(missed.Skipped, MisfireSkips);
                    }

                    (missedWhileNotLeading ??= new MissedInstants()).Add(missed);
                    Log.MissedWhileNotLeading(_logger, missed.Job, missed.Missed, missed.Since, missed.Policy,
                        missed.Missed - missed.Skipped, missed.Skipped, missed.Next);
                    break;
            }
        }

        if (missedWhileNotLeading is { } sum)
        {
            var examples = string.Join(", ", sum.Examples);
            if (run.Term.Resume is { IsFirstStart: true })
            {
                Log.CameDueWhileFirstTermStarted(_logger, sum.Jobs, examples, sum.Missed, sum.Missed - sum.Skipped, sum.Skipped);
            }
            else
            {
                Log.MissedWhileNotLeadingSummary(_logger, sum.Jobs, examples, sum.Missed, sum.Missed - sum.Skipped, sum.Skipped);
            }
        }
    }

    /// <summary>What a term's start found missed, summed over its jobs for one log line; a few jobs are named.</summary>
    private sealed class MissedInstants
    {
        private const int NamedJobs = 3;

        public int Jobs { get; private set; }

        public long Missed { get; private set; }

        public long Skipped { get; private set; }

        public List<string> Examples { get; } = new(NamedJobs);

        public void Add(PlanNotice.MissedWhileNotLeading missed)
        {
            Jobs++;
            Missed += missed.Missed;
            Skipped += missed.Skipped;
            if (Examples.Count < NamedJobs)
            {
                Examples.Add(missed.Job);
            }
        }
    }

    /// <summary>The earliest of: the plan's next fire (unless MaxInFlight fires are out), a quick retry, a checkpoint.</summary>
    private DateTimeOffset? NextWakeAt(SchedulePlan plan, TermRun run)
    {
        var wakeAt = run.InFlight.Count < _options.MaxInFlight ? plan.NextWakeAt : null;
        if (run.QuickRetries.TryPeek(out _, out var retryAt) && (wakeAt is null || retryAt < wakeAt))
        {
            wakeAt = retryAt;
        }

        if (run.Checkpoints is { NextCaptureAt: var captureAt } && (wakeAt is null || captureAt < wakeAt))
        {
            wakeAt = captureAt;
        }

        return wakeAt;
    }

    /// <summary>
    /// Sleeps until <paramref name="wakeAt"/> (at most <see cref="MaxIdleWait"/>) or until something wakes the loop.
    /// The sleep is measured from the clock as it reads now, not as it read when the turn began: a turn that took a
    /// while must not add its length to the lateness of the next fire.
    /// </summary>
    private async Task WaitAsync(DateTimeOffset? wakeAt, TermRun run)
    {
        var now = _time.GetUtcNow();
        if (wakeAt <= now)
        {
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(run.Stopping.Token);
        var signal = _wake.Reader.WaitToReadAsync(wait.Token).AsTask();
        if (wakeAt is { } at)
        {
            var sleep = at - now < MaxIdleWait ? at - now : MaxIdleWait;
            var timer = Task.Delay(sleep, _time, wait.Token);
            // The clock may have moved past the instant while the timer was being set; then there is nothing to sleep.
            if (_time.GetUtcNow() < at)
            {
                Log.Idle(_logger, now + sleep, run.InFlight.Count);
                await Task.WhenAny(signal, timer);
            }
        }
        else
        {
            Log.IdleUntilWoken(_logger, run.InFlight.Count);
            await Task.WhenAny(signal);
        }

        await wait.CancelAsync();
        _wake.Reader.TryRead(out _);
    }

    /// <summary>
    /// What one term runs with, and where its publisher reports outcomes: into a queue the loop drains, waking the
    /// loop once per batch rather than once per fire. Everything but <see cref="Report"/> belongs to the loop.
    /// </summary>
    private sealed class TermRun(
        SchedulerTerm term, IFirePublisher publisher, CheckpointTracker? checkpoints, CancellationTokenSource stopping, Action wake)
        : IPublishOutcomes
    {
        // 1 while a wake-up is owed to the loop for outcomes it has not taken yet.
        private int _wakeOwed;

        public SchedulerTerm Term { get; } = term;

        public IFirePublisher Publisher { get; } = publisher;

        public CheckpointTracker? Checkpoints { get; } = checkpoints;

        public CancellationTokenSource Stopping { get; } = stopping;

        /// <summary>Bounded by MaxInFlight: only a fire in flight reports, once per attempt.</summary>
        public ConcurrentQueue<OutgoingFire> Outcomes { get; } = new();

        /// <summary>Fires handed out and not yet resolved, quick retries waiting included.</summary>
        public HashSet<OutgoingFire> InFlight { get; } = new(ReferenceEqualityComparer.Instance);

        public PriorityQueue<OutgoingFire, DateTimeOffset> QuickRetries { get; } = new();

        public void Report(OutgoingFire fire)
        {
            Outcomes.Enqueue(fire);
            if (Interlocked.Exchange(ref _wakeOwed, 1) == 0)
            {
                wake();
            }
        }

        /// <summary>Called by the loop before it drains <see cref="Outcomes"/>: the next outcome wakes it again.</summary>
        public void ListenForOutcomes() => Interlocked.Exchange(ref _wakeOwed, 0);
    }
}
