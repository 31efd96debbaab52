using System.Diagnostics;
using KafkaCron.Core.Control;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Scheduler.Pausing;

/// <summary>
/// Where the scheduler's loop meets pauses: which jobs are paused now (the control topic, through
/// <see cref="IPausedJobs"/>), and the one place a withheld instant is counted
/// (<c>kcron.fires.skipped{reason="paused"}</c>), logged and recorded as a <c>paused</c> run record for
/// <c>kcron history</c>. The plan decides what is withheld and what a resume catches up on; this only reports it.
/// </summary>
internal sealed class PauseGate(IPausedJobs jobs, IRunRecordWriter? runs, KafkaCronMetrics metrics, TimeProvider time, ILogger logger)
{
    // The reason only, like the scheduler's misfire skips: one label set for the metric; the run record names the job.
    private static readonly KeyValuePair<string, object?> PausedSkips = new(MetricTags.Reason, MetricTags.ReasonPaused);

    /// <summary>How long a new term waits for the control topic before it says, once, that it is waiting.</summary>
    internal static readonly TimeSpan PatienceBeforeLogging = TimeSpan.FromSeconds(5);

    // The pauses last handed to a plan, so each change is logged once, whatever the term.
    private PausedJobs _applied = PausedJobs.None;

    public IPausedJobs Jobs => jobs;

    /// <summary>
    /// Waits until every pause written before the call is known: a new term publishes nothing before. Returns false
    /// when <paramref name="cancellationToken"/> ends the wait (the term is over before it began).
    /// </summary>
    public async Task<bool> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.GetTimestamp();
        var reading = jobs.ReadToEndAsync(cancellationToken);
        try
        {
            if (!reading.IsCompleted && await Task.WhenAny(reading, Task.Delay(PatienceBeforeLogging, time, cancellationToken)) != reading)
            {
                PauseLog.WaitingForControlTopic(logger, PatienceBeforeLogging.TotalSeconds);
            }

            await reading;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var elapsed = Stopwatch.GetElapsedTime(waited);
        PauseLog.ControlTopicRead(logger, jobs.Current.Jobs.Count, elapsed.TotalMilliseconds);
        return true;
    }

    /// <summary>Hands the plan the paused jobs when they changed since <paramref name="appliedVersion"/>; returns the version applied.</summary>
    public long ApplyTo(SchedulePlan plan, long appliedVersion, DateTimeOffset now)
    {
        var current = jobs.Current;
        if (current.Version == appliedVersion)
        {
            return appliedVersion;
        }

        foreach (var (job, pause) in current.Pauses.Where(p => !_applied.Jobs.Contains(p.Key)))
        {
            PauseLog.Paused(logger, job, pause);
        }

        plan.SetPaused(current.Jobs, now);
        _applied = current;
        return current.Version;
    }

    /// <summary>The one place a withheld instant is counted, logged and recorded.</summary>
    public void Withheld(PlanNotice.FireWithheld withheld)
    {
        metrics.FiresSkipped.Add(1, PausedSkips);
        var why = withheld.Suspended
            ? "suspend: true in the job file"
            : jobs.Current.Pauses.TryGetValue(withheld.Job, out var pause) ? pause.Describe() : "paused";
        PauseLog.FireWithheld(logger, withheld.Job, withheld.ScheduledAt, why);
        runs?.Write(new RunRecord
        {
            // A withheld instant never had a fire; its record gets an id of its own, like any fire's, time-ordered.
            FireId = Guid.CreateVersion7(time.GetUtcNow()).ToString(),
            Job = withheld.Job,
            Cluster = withheld.Cluster,
            Trigger = FireTriggers.Scheduled,
            Outcome = RunOutcomes.Paused,
            ScheduledAt = withheld.ScheduledAt,
            FinishedAt = time.GetUtcNow(),
            Detail = why,
        });
    }

    public void Lifted(PlanNotice.PauseLifted lifted)
    {
        if (lifted.CatchUp is { } catchUp)
        {
            PauseLog.ResumedWithCatchUp(logger, lifted.Job, lifted.Withheld, lifted.Policy, catchUp);
        }
        else
        {
            PauseLog.Resumed(logger, lifted.Job, lifted.Withheld, lifted.Policy);
        }
    }
}
