using Microsoft.Extensions.Logging;

namespace KafkaCron.Scheduler.Leadership;

/// <summary>The elected scheduler's log messages. Event ids 2201-2299; keep them stable.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Replica {ReplicaId} leads with epoch {Epoch}; preparing the term")]
    public static partial void Elected(ILogger logger, string replicaId, long epoch);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information,
        Message = "Epoch {Epoch} resumes from the checkpoint of epoch {CheckpointEpoch} scheduled up to {ScheduledUpTo:O}; {ReadBack} fires of {Jobs} jobs were published after it")]
    public static partial void Resuming(ILogger logger, long epoch, long checkpointEpoch, DateTimeOffset scheduledUpTo, int readBack, int jobs);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Information,
        Message = "Epoch {Epoch} finds no checkpoint: a first start, every job begins after now")]
    public static partial void FirstStart(ILogger logger, long epoch);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Epoch {Epoch} is over: {Reason}. Publishing stopped; campaigning again")]
    public static partial void TermEnded(ILogger logger, long epoch, string reason);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Information, Message = "Epoch {Epoch} ends: the scheduler is stopping; resigning")]
    public static partial void TermEndedAtStop(ILogger logger, long epoch);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Error,
        Message = "Epoch {Epoch} publishes nothing: {Reason}; reading it again in {Seconds} s")]
    public static partial void CheckpointRefused(ILogger logger, long epoch, string reason, double seconds);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Error, Message = "Epoch {Epoch} could not {Step}; nothing is published, trying again in {Seconds} s")]
    public static partial void TermNotReady(ILogger logger, long epoch, string step, double seconds, Exception exception);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Error, Message = "Epoch {Epoch} ends: its producer is unusable; resigning")]
    public static partial void TermEndedByPublisher(ILogger logger, long epoch, Exception exception);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning, Message = "Checkpoint of epoch {Epoch} refused, a newer term exists or this one ended: {Reason}")]
    public static partial void CheckpointFenced(ILogger logger, long epoch, string reason);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Warning, Message = "Could not write the checkpoint of epoch {Epoch}: {Reason}; trying again in {Milliseconds} ms")]
    public static partial void CheckpointWriteFailed(ILogger logger, long epoch, string reason, double milliseconds);

    [LoggerMessage(EventId = 2212, Level = LogLevel.Warning,
        Message = "Checkpoints of epoch {Epoch} are not written: {Reason}. The last one written stays valid, and a takeover reads back more of the topics from it; said once until one is written again")]
    public static partial void CheckpointTooLarge(ILogger logger, long epoch, string reason);

    [LoggerMessage(EventId = 2213, Level = LogLevel.Information, Message = "Checkpoints of epoch {Epoch} are written again, after {Skipped} too large to write")]
    public static partial void CheckpointWrittenAgain(ILogger logger, long epoch, int skipped);

    [LoggerMessage(EventId = 2209, Level = LogLevel.Debug, Message = "Standby could not read the checkpoint: {Reason}")]
    public static partial void StandbyCheckpointUnreadable(ILogger logger, string reason);
}
