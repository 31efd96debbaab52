using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Leadership;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Scheduler.Pausing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace KafkaCron.Scheduler.Engine;

/// <summary>
/// Owns the scheduling loop: sleeps on the injected clock until the plan's next fire is due (or a job file, a
/// publication result or cancellation wakes it), hands due fires to the publisher without waiting for one before
/// sending the next, and feeds the results back into the plan. One term of leadership is one call of
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

    private readonly IFirePublisher? _publisher;
    private readonly Func<JobDefinition, IFireSchedule> _scheduleFor;
    private readonly ScheduleCache _schedules;
    private readonly TimeProvider _time;
    private readonly KafkaCronMetrics _metrics;
    private readonly SchedulerOptions _options;
    private readonly ILogger<SchedulerEngine> _logger;
    private readonly ResiliencePipeline _publishPipeline;
    private readonly JobNextFireGauge _nextFires;
    private readonly PauseGate _pauses;

    // One pending wake-up is enough: the loop re-reads all of its inputs each time it wakes.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    // Bounded by MaxInFlight: only a dispatched publication adds to it, once.
    private readonly ConcurrentQueue<PublishOutcome> _outcomes = new();

    private readonly Lock _jobFileGate = new();
    private JobFile _jobFile = JobFile.Empty;
    private long _jobFileVersion;
    private int _running;
    private int _inFlight;

    // Per term, owned by the loop: how late the last published fires were, the episode they belong to, and the fires
    // a stopping term could not see confirmed (reported in one line, not one per fire).
    private TimeSpan _lastLateness;
    private BehindSchedule _behind;
    private int _unconfirmedAtStop;
    private DateTimeOffset _firstUnconfirmedAtStop;

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
        _publishPipeline = _options.PublishRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<FirePublishException>(ex => ex.Kind == PublishFailureKind.Transient),
                    MaxRetryAttempts = _options.PublishRetries,
                    Delay = TimeSpan.FromMilliseconds(_options.PublishRetryDelayMs),
                    BackoffType = DelayBackoffType.Exponential,
                    // Deterministic delays: the fires of one cluster share one producer and fail together anyway.
                    UseJitter = false,
                })
                .Build();
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
        // Every replica, standby or not, builds the schedules as soon as it reads a job file: a new leader's plan
        // then only places jobs, and takes over faster.
        _schedules.Prepare(jobFile);
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
    /// good (<see cref="PublishFailureKind.Fatal"/>). Fires being published when it stops are awaited (their waits
    /// are cancelled); fires still pending after a failed publication are reported, and left to the next term
    /// through the last checkpoint.
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
        _unconfirmedAtStop = 0;
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = new TermRun(term, publisher, term.Checkpoint is null
            ? null
            : new CheckpointTracker(term.TopicEnds, term.CheckpointInterval, _time.GetUtcNow()), stopping);
        Exception? fatal = null;
        try
        {
            var pausesApplied = _pauses.ApplyTo(plan, appliedVersion: -1, _time.GetUtcNow());
            var applied = ApplyLatest(plan, appliedVersion: -1, _time.GetUtcNow(), run);
            Log.TermStarted(_logger, plan.JobCount, term.Epoch);
            while (!stopping.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                fatal = HandleOutcomes(plan, now, run, stopping.Token);
                if (fatal is not null)
                {
                    break;
                }

                pausesApplied = _pauses.ApplyTo(plan, pausesApplied, now);
                Dispatch(plan, now, run, stopping.Token);
                ObserveLateness(plan, now);
                applied = ApplyLatest(plan, applied, now, run);
                ReportNotices(plan);
                if (run.Checkpoints is { } checkpoints && checkpoints.IsDue(now))
                {
                    term.Checkpoint!(checkpoints.Capture(plan, now));
                }

                var wakeAt = _inFlight < _options.MaxInFlight ? plan.NextWakeAt : null;
                if (run.Checkpoints is { NextCaptureAt: var captureAt } && (wakeAt is null || captureAt < wakeAt))
                {
                    wakeAt = captureAt;
                }

                await WaitAsync(wakeAt, now, stopping.Token);
            }
        }
        finally
        {
            await stopping.CancelAsync();
            fatal ??= await DrainAsync(plan, run, stopping.Token);
            ReportNotices(plan);
            if (_unconfirmedAtStop > 0)
            {
                Log.FiresUnconfirmedAtStop(_logger, _unconfirmedAtStop, _firstUnconfirmedAtStop);
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

    private void Dispatch(SchedulePlan plan, DateTimeOffset now, TermRun run, CancellationToken token)
    {
        while (_inFlight < _options.MaxInFlight && plan.TryTakeDue(now, out var fire))
        {
            _inFlight++;
            run.Checkpoints?.HandedOver(fire.Job.Name, fire.FireId);
            _ = PublishAsync(fire, run, token);
        }
    }

    /// <summary>Never throws: every dispatched fire reports exactly one outcome, which the loop waits for.</summary>
    private async Task PublishAsync(DueFire fire, TermRun run, CancellationToken token)
    {
        Exception? failure = null;
        FireReceipt receipt = default;
        try
        {
            receipt = await _publishPipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<FireReceipt>(state.Engine.PublishOnceAsync(state.Fire, state.Run, ct)),
                (Engine: this, Fire: fire, Run: run),
                token);
        }
#pragma warning disable CA1031 // The failure travels to the loop, which decides; nothing is swallowed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }

        _outcomes.Enqueue(new PublishOutcome(fire, failure, receipt, _time.GetUtcNow()));
        _wake.Writer.TryWrite(true);
    }

    private async Task<FireReceipt> PublishOnceAsync(DueFire fire, TermRun run, CancellationToken token)
    {
        // The last moment before the fire leaves: a leader that was paused past its lease learns it here, before its
        // timers have caught up, and publishes nothing more.
        if (run.Term.MayPublish is { } mayPublish && !mayPublish())
        {
            // The term is over whatever the caller's token says: nothing more may go out under this epoch.
            await run.Stopping.CancelAsync();
            throw new LeadershipLostException($"leadership of epoch {run.Term.Epoch} can no longer be proven");
        }

        var message = FireMessageFactory.Create(fire.Job, fire.ScheduledAt, _time.GetUtcNow(), fire.FireId, run.Term.Epoch);
        return await run.Publisher.PublishAsync(message, token);
    }

    /// <returns>The publisher's fatal failure, if one was reported.</returns>
    private Exception? HandleOutcomes(SchedulePlan plan, DateTimeOffset now, TermRun run, CancellationToken term)
    {
        Exception? fatal = null;
        while (_outcomes.TryDequeue(out var outcome))
        {
            _inFlight--;
            var fire = outcome.Fire;
            var tags = FireTags(fire.Job);
            if (outcome.Failure is not null)
            {
                run.Checkpoints?.Changed();
            }

            switch (outcome.Failure)
            {
                case null:
                    run.Checkpoints?.Published(fire.FireId, outcome.Receipt);
                    plan.Complete(fire);
                    _metrics.FiresPublished.Add(1, tags);
                    _lastLateness = outcome.FinishedAt - fire.ScheduledAt;
                    _metrics.FireLateness.Record(_lastLateness.TotalSeconds, new KeyValuePair<string, object?>(MetricTags.Cluster, fire.Job.Cluster));
                    _nextFires.Record(fire.Job.Name, plan.NextFireOf(fire.Job.Name));
                    Log.FirePublished(_logger, fire.Job.Name, fire.Job.Cluster, fire.ScheduledAt, fire.FireId, _lastLateness.TotalSeconds);
                    break;

                case OperationCanceledException when term.IsCancellationRequested:
                    // The term is stopping; the fire may still land when the producer flushes.
                    if (_unconfirmedAtStop++ == 0 || fire.ScheduledAt < _firstUnconfirmedAtStop)
                    {
                        _firstUnconfirmedAtStop = fire.ScheduledAt;
                    }

                    break;

                case LeadershipLostException lost:
                    // Never handed to the producer. The term is stopping (the check ended it), and its last checkpoint
                    // still shows the fire as owed, so the next leader publishes it.
                    Log.FireWithheld(_logger, fire.Job.Name, fire.ScheduledAt, fire.FireId, lost.Message);
                    break;

                case FirePublishException { Kind: PublishFailureKind.Fatal } broken:
                    _metrics.PublishErrors.Add(1, tags);
                    Log.PublisherBroken(_logger, fire.Job.Name, fire.ScheduledAt, broken);
                    fatal ??= broken;
                    break;

                case var failure:
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
    private void ObserveLateness(SchedulePlan plan, DateTimeOffset now)
    {
        if (_inFlight == 0 && !(plan.NextWakeAt <= now))
        {
            _lastLateness = TimeSpan.Zero;
        }

        var behind = plan.NextWakeAt is { } due && due <= now && now - due > _lastLateness ? now - due : _lastLateness;
        _metrics.SchedulerBehind.Record(behind.TotalSeconds);
        switch (_behind.Observe(behind, now))
        {
            case BehindScheduleChange.FellBehind fell:
                Log.FellBehindSchedule(_logger, fell.Behind.TotalSeconds, _inFlight);
                break;
            case BehindScheduleChange.CaughtUp caught:
                Log.CaughtUpWithSchedule(_logger, caught.Lasted.TotalSeconds, caught.Worst.TotalSeconds);
                break;
        }
    }

    private void ReportNotices(SchedulePlan plan)
    {
        foreach (var notice in plan.DrainNotices())
        {
            switch (notice)
            {
                case PlanNotice.MisfiresSkipped skipped:
                    _metrics.FiresSkipped.Add(skipped.Count,
                        new KeyValuePair<string, object?>(MetricTags.Job, skipped.Job),
                        new KeyValuePair<string, object?>(MetricTags.Reason, MetricTags.ReasonMisfire));
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
                        _metrics.FiresSkipped.Add(missed.Skipped,
                            new KeyValuePair<string, object?>(MetricTags.Job, missed.Job),
                            new KeyValuePair<string, object?>(MetricTags.Reason, MetricTags.ReasonMisfire));
                    }

                    Log.MissedWhileNotLeading(_logger, missed.Job, missed.Missed, missed.Since, missed.Policy,
                        missed.Missed - missed.Skipped, missed.Skipped, missed.Next);
                    break;
            }
        }
    }

    /// <summary>Sleeps until <paramref name="wakeAt"/> (at most <see cref="MaxIdleWait"/>) or until something wakes the loop.</summary>
    private async Task WaitAsync(DateTimeOffset? wakeAt, DateTimeOffset now, CancellationToken token)
    {
        if (wakeAt <= now)
        {
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
        var signal = _wake.Reader.WaitToReadAsync(wait.Token).AsTask();
        if (wakeAt is { } at)
        {
            var sleep = at - now < MaxIdleWait ? at - now : MaxIdleWait;
            var timer = Task.Delay(sleep, _time, wait.Token);
            Log.Idle(_logger, now + sleep, _inFlight);
            await Task.WhenAny(signal, timer);
        }
        else
        {
            Log.IdleUntilWoken(_logger, _inFlight);
            await Task.WhenAny(signal);
        }

        await wait.CancelAsync();
        _wake.Reader.TryRead(out _);
    }

    /// <summary>Waits for the outcome of every fire still being published (their waits are cancelled by now).</summary>
    private async Task<Exception?> DrainAsync(SchedulePlan plan, TermRun run, CancellationToken term)
    {
        Exception? fatal = null;
        while (true)
        {
            fatal ??= HandleOutcomes(plan, _time.GetUtcNow(), run, term);
            if (_inFlight == 0)
            {
                return fatal;
            }

            // The term is cancelled already; each outcome still arrives, as every publication reports one.
            await _wake.Reader.WaitToReadAsync(CancellationToken.None);
            _wake.Reader.TryRead(out _);
        }
    }

    /// <summary>What one term runs with.</summary>
    private sealed record TermRun(SchedulerTerm Term, IFirePublisher Publisher, CheckpointTracker? Checkpoints, CancellationTokenSource Stopping);
}
