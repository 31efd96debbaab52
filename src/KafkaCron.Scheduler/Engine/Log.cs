using Microsoft.Extensions.Logging;

namespace KafkaCron.Scheduler.Engine;

/// <summary>The scheduler loop's log messages. Event ids 2001-2099 belong to the engine; keep them stable.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Scheduling {Jobs} jobs (epoch {Epoch})")]
    public static partial void TermStarted(ILogger logger, int jobs, long? epoch);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Stopped scheduling (epoch {Epoch})")]
    public static partial void TermStopped(ILogger logger, long? epoch);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Applied job file: {Jobs} jobs; {Kept} kept their position, {Added} added, {Rescheduled} rescheduled, {Removed} removed, {Suspended} suspended")]
    public static partial void JobFileApplied(ILogger logger, int jobs, int kept, int added, int rescheduled, int removed, int suspended);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug,
        Message = "Published {Job} to {Cluster} for {ScheduledAt:O} as fire {FireId}, {LatenessSeconds:F3} s after its instant")]
    public static partial void FirePublished(ILogger logger, string job, string cluster, DateTimeOffset scheduledAt, Guid fireId, double latenessSeconds);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error,
        Message = "Could not publish {Job} to {Cluster} for {ScheduledAt:O} (fire {FireId}, failure {Failures}): {Reason}; kept pending, next try at {RetryAt:O}")]
    public static partial void FireKeptPending(ILogger logger, string job, string cluster, DateTimeOffset scheduledAt, Guid fireId, int failures,
        DateTimeOffset retryAt, string reason, Exception? exception);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Error,
        Message = "Could not publish {Job} to {Cluster} for {ScheduledAt:O} (fire {FireId}, failure {Failures}): {Reason}; not tried again, as the next message explains")]
    public static partial void FireNotRetried(ILogger logger, string job, string cluster, DateTimeOffset scheduledAt, Guid fireId, int failures,
        string reason, Exception? exception);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Critical,
        Message = "The publisher is broken for good (publishing {Job} for {ScheduledAt:O}); stopping the scheduler so that it restarts")]
    public static partial void PublisherBroken(ILogger logger, string job, DateTimeOffset scheduledAt, Exception exception);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning,
        Message = "Job {Job} missed {Count} instants while its fire could not be published; its misfire policy skipped them, next fire {Resume:O}")]
    public static partial void MisfiresSkipped(ILogger logger, string job, int count, DateTimeOffset? resume);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Job {Job} has no instant after {After:O}; it will not fire again")]
    public static partial void ScheduleEnded(ILogger logger, string job, DateTimeOffset after);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error,
        Message = "The schedule of job {Job} answered {Returned:O} for the next instant after {After:O}; the job is stopped until its schedule changes or the scheduler restarts")]
    public static partial void ScheduleMisbehaved(ILogger logger, string job, DateTimeOffset after, DateTimeOffset returned);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning,
        Message = "The unpublished fire of {Job} for {ScheduledAt:O} is dropped: a reload changed, suspended or removed the job")]
    public static partial void PendingFireSuperseded(ILogger logger, string job, DateTimeOffset scheduledAt);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Debug, Message = "Idle until {WakeAt:O} with {InFlight} fires being published")]
    public static partial void Idle(ILogger logger, DateTimeOffset wakeAt, int inFlight);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Debug, Message = "Idle until woken (no fire is due) with {InFlight} fires being published")]
    public static partial void IdleUntilWoken(ILogger logger, int inFlight);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Error,
        Message = "{Count} fires that failed to publish were still pending when scheduling stopped; they are not published by this term")]
    public static partial void PendingFiresAbandoned(ILogger logger, int count);

    [LoggerMessage(EventId = 2019, Level = LogLevel.Warning,
        Message = "Scheduling stopped before Kafka confirmed {Count} fires (the earliest scheduled for {Earliest:O}); they land only if the producer's final flush delivers them, and the next term's read-back finds those that did")]
    public static partial void FiresUnconfirmedAtStop(ILogger logger, int count, DateTimeOffset earliest);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Error,
        Message = "The reloaded job file could not be applied; the previous schedule keeps running")]
    public static partial void JobFileNotApplied(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning,
        Message = "Not publishing {Job} for {ScheduledAt:O} (fire {FireId}): {Reason}; the next leader publishes it")]
    public static partial void FireWithheld(ILogger logger, string job, DateTimeOffset scheduledAt, Guid fireId, string reason);

    // Per job at debug level: a takeover at 100,000 jobs every second has every job miss an instant or two.
    [LoggerMessage(EventId = 2018, Level = LogLevel.Debug,
        Message = "Job {Job} missed {Missed} instants after {Since:O} while no scheduler published them; misfire policy {Policy} fires {Firing} and skips {Skipped}, first fire {Next:O}")]
    public static partial void MissedWhileNotLeading(ILogger logger, string job, int missed, DateTimeOffset since, Core.Jobs.MisfirePolicy policy,
        int firing, int skipped, DateTimeOffset? next);

    [LoggerMessage(EventId = 2025, Level = LogLevel.Warning,
        Message = "{Jobs} jobs (among them {Examples}) missed {Missed} instants while no scheduler published them; their misfire policies fire {Firing} of them now and skip {Skipped} (each job: event 2018, debug level)")]
    public static partial void MissedWhileNotLeadingSummary(ILogger logger, int jobs, string examples, long missed, long firing, long skipped);

    // A first term (no checkpoint) starts its schedule when its start is taken, before the job file is planned: at
    // 100,000 jobs every second, the instants of that moment are due before the plan is, and nothing was missed.
    [LoggerMessage(EventId = 2026, Level = LogLevel.Information,
        Message = "{Jobs} jobs (among them {Examples}) came due {Missed} times while the first term was starting (no checkpoint yet); their misfire policies fire {Firing} of them now and skip {Skipped} (each job: event 2018, debug level)")]
    public static partial void CameDueWhileFirstTermStarted(ILogger logger, int jobs, string examples, long missed, long firing, long skipped);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning,
        Message = "The scheduler is {BehindSeconds:F3} s behind its schedule ({InFlight} fires being published); fires go out late until it catches up")]
    public static partial void FellBehindSchedule(ILogger logger, double behindSeconds, int inFlight);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information,
        Message = "The scheduler caught up with its schedule after {LastedSeconds:F1} s behind it, {WorstSeconds:F3} s at the worst")]
    public static partial void CaughtUpWithSchedule(ILogger logger, double lastedSeconds, double worstSeconds);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Information,
        Message = "Scheduling stopped {BehindSeconds:F3} s behind its schedule")]
    public static partial void StoppedBehindSchedule(ILogger logger, double behindSeconds);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Information,
        Message = "{Jobs} jobs are more than Scheduler:JobMetricsMaxJobs ({Max}): kcron_job_next_fire_seconds is not recorded per job; the lateness histogram and kcron_scheduler_behind_seconds tell whether fires are on time")]
    public static partial void PerJobMetricsOff(ILogger logger, int jobs, int max);
}
