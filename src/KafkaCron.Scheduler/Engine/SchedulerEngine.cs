using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace KafkaCron.Scheduler.Engine;

/// <summary>
/// Owns the scheduling loop: sleeps on the injected clock until the plan's next fire is due (or a job file, a
/// publication result or cancellation wakes it), hands due fires to the publisher without waiting for one before
/// sending the next, and feeds the results back into the plan. One term of leadership is one call of
/// <see cref="RunAsync(long?, CancellationToken)"/>: it starts a fresh plan from the latest job file and ends when
/// its token is cancelled.
/// </summary>
internal sealed class SchedulerEngine
{
    /// <summary>
    /// Timers run on a monotonic clock, schedules on the wall clock: capping each sleep bounds how late a fire can be
    /// when the wall clock is stepped forward while the loop sleeps.
    /// </summary>
    internal static readonly TimeSpan MaxIdleWait = TimeSpan.FromSeconds(1);

    private readonly IFirePublisher _publisher;
    private readonly Func<JobDefinition, IFireSchedule> _scheduleFor;
    private readonly TimeProvider _time;
    private readonly KafkaCronMetrics _metrics;
    private readonly SchedulerOptions _options;
    private readonly ILogger<SchedulerEngine> _logger;
    private readonly ResiliencePipeline _publishPipeline;

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

    public SchedulerEngine(
        IFirePublisher publisher,
        Func<JobDefinition, IFireSchedule> scheduleFor,
        TimeProvider time,
        KafkaCronMetrics metrics,
        IOptions<SchedulerOptions> options,
        ILogger<SchedulerEngine> logger)
    {
        _publisher = publisher;
        _scheduleFor = scheduleFor;
        _time = time;
        _metrics = metrics;
        _options = options.Value;
        _logger = logger;
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

    /// <summary>
    /// Hands the engine a new job file. Thread-safe; the latest one wins. A running term applies it at once (it
    /// wakes the loop); a term that starts later begins from it.
    /// </summary>
    public void Apply(JobFile jobFile)
    {
        lock (_jobFileGate)
        {
            _jobFile = jobFile;
            _jobFileVersion++;
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Runs without leader election: no epoch on the fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(epoch: null, cancellationToken);

    /// <summary>
    /// Schedules until <paramref name="cancellationToken"/> is cancelled (shutdown, or leadership lost), stamping
    /// every fire with <paramref name="epoch"/>. Returns normally when cancelled; fails when the publisher is
    /// broken for good (<see cref="PublishFailureKind.Fatal"/>). Fires being published when it stops are awaited
    /// (their waits are cancelled); fires still pending after a failed publication are reported and not carried
    /// over to the next term.
    /// </summary>
    public async Task RunAsync(long? epoch, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("the scheduler engine is already running a term");
        }

        // A term reads all of its inputs afresh; wake-ups left from before it mean nothing to it.
        while (_wake.Reader.TryRead(out _))
        {
        }

        var plan = new SchedulePlan(_scheduleFor);
        using var term = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? fatal = null;
        try
        {
            var applied = ApplyLatest(plan, appliedVersion: -1, _time.GetUtcNow());
            Log.TermStarted(_logger, plan.JobCount, epoch);
            LeaderGauge.TermStarted(_metrics, epoch);
            while (!term.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                fatal = HandleOutcomes(plan, now, term.Token);
                if (fatal is not null)
                {
                    break;
                }

                Dispatch(plan, now, epoch, term.Token);
                applied = ApplyLatest(plan, applied, now);
                ReportNotices(plan);
                await WaitAsync(_inFlight < _options.MaxInFlight ? plan.NextWakeAt : null, now, term.Token);
            }
        }
        finally
        {
            await term.CancelAsync();
            fatal ??= await DrainAsync(plan, term.Token);
            ReportNotices(plan);
            if (plan.PendingCount > 0)
            {
                Log.PendingFiresAbandoned(_logger, plan.PendingCount);
            }

            LeaderGauge.TermStopped(_metrics);
            Log.TermStopped(_logger, epoch);
            Volatile.Write(ref _running, 0);
        }

        if (fatal is not null)
        {
            ExceptionDispatchInfo.Throw(fatal);
        }
    }

    private void Dispatch(SchedulePlan plan, DateTimeOffset now, long? epoch, CancellationToken token)
    {
        while (_inFlight < _options.MaxInFlight && plan.TryTakeDue(now, out var fire))
        {
            _inFlight++;
            _ = PublishAsync(fire, epoch, token);
        }
    }

    /// <summary>Never throws: every dispatched fire reports exactly one outcome, which the loop waits for.</summary>
    private async Task PublishAsync(DueFire fire, long? epoch, CancellationToken token)
    {
        Exception? failure = null;
        try
        {
            await _publishPipeline.ExecuteAsync(
                static (state, ct) => new ValueTask(state.Engine.PublishOnceAsync(state.Fire, state.Epoch, ct)),
                (Engine: this, Fire: fire, Epoch: epoch),
                token);
        }
#pragma warning disable CA1031 // The failure travels to the loop, which decides; nothing is swallowed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }

        _outcomes.Enqueue(new PublishOutcome(fire, failure, _time.GetUtcNow()));
        _wake.Writer.TryWrite(true);
    }

    private async Task PublishOnceAsync(DueFire fire, long? epoch, CancellationToken token)
    {
        var message = FireMessageFactory.Create(fire.Job, fire.ScheduledAt, _time.GetUtcNow(), fire.FireId, epoch);
        await _publisher.PublishAsync(message, token);
    }

    /// <returns>The publisher's fatal failure, if one was reported.</returns>
    private Exception? HandleOutcomes(SchedulePlan plan, DateTimeOffset now, CancellationToken term)
    {
        Exception? fatal = null;
        while (_outcomes.TryDequeue(out var outcome))
        {
            _inFlight--;
            var fire = outcome.Fire;
            var tags = new TagList { { MetricTags.Cluster, fire.Job.Cluster }, { MetricTags.Job, fire.Job.Name } };
            switch (outcome.Failure)
            {
                case null:
                    plan.Complete(fire);
                    _metrics.FiresPublished.Add(1, tags);
                    RecordNextFire(fire.Job.Name, plan.NextFireOf(fire.Job.Name));
                    Log.FirePublished(_logger, fire.Job.Name, fire.Job.Cluster, fire.ScheduledAt, fire.FireId,
                        (outcome.FinishedAt - fire.ScheduledAt).TotalSeconds);
                    break;

                case OperationCanceledException when term.IsCancellationRequested:
                    // The term is stopping; the fire may still land when the producer flushes.
                    Log.FireUnconfirmedAtStop(_logger, fire.Job.Name, fire.ScheduledAt, fire.FireId);
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

    private long ApplyLatest(SchedulePlan plan, long appliedVersion, DateTimeOffset now)
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
            changes = plan.Apply(jobFile, now);
        }
#pragma warning disable CA1031 // Logged loudly; a reload that cannot be applied must not stop the running schedule.
        catch (Exception ex) when (appliedVersion >= 0)
#pragma warning restore CA1031
        {
            Log.JobFileNotApplied(_logger, ex);
            return version;
        }

        _metrics.JobsLoaded.Record(plan.JobCount);
        foreach (var (job, next) in plan.NextFires)
        {
            RecordNextFire(job, next);
        }

        Log.JobFileApplied(_logger, plan.JobCount, changes.Kept, changes.Added, changes.Rescheduled, changes.Removed, changes.Suspended);
        return version;
    }

    private void RecordNextFire(string job, DateTimeOffset? next)
    {
        if (next is { } instant)
        {
            _metrics.JobNextFire.Record(instant.ToUnixTimeMilliseconds() / 1000.0, new KeyValuePair<string, object?>(MetricTags.Job, job));
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
                case PlanNotice.PendingFireSuperseded superseded:
                    Log.PendingFireSuperseded(_logger, superseded.Job, superseded.ScheduledAt);
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
    private async Task<Exception?> DrainAsync(SchedulePlan plan, CancellationToken term)
    {
        Exception? fatal = null;
        while (true)
        {
            fatal ??= HandleOutcomes(plan, _time.GetUtcNow(), term);
            if (_inFlight == 0)
            {
                return fatal;
            }

            // The term is cancelled already; each outcome still arrives, as every publication reports one.
            await _wake.Reader.WaitToReadAsync(CancellationToken.None);
            _wake.Reader.TryRead(out _);
        }
    }
}
