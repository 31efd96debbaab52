using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Worker.Pipeline;

internal static partial class WorkerLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Worker {WorkerId} consuming {Topics} as group {GroupId}: concurrency {Concurrency}, pipeline capacity {Capacity} (resume at {ResumeAt})")]
    public static partial void Started(ILogger logger, string workerId, IEnumerable<string> topics, string groupId, int concurrency, int capacity, int resumeAt);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Assigned {Partitions}")]
    public static partial void Assigned(ILogger logger, IEnumerable<Confluent.Kafka.TopicPartition> partitions);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Revoked {Partition}: committed {Committed}; {InFlight} run(s) still in flight will finish uncommitted and run again on the new owner")]
    public static partial void Revoked(ILogger logger, Confluent.Kafka.TopicPartition partition, string committed, int inFlight);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Lost {Partitions} without a clean revoke; their finished offsets since the last commit run again on the new owner")]
    public static partial void Lost(ILogger logger, IEnumerable<Confluent.Kafka.TopicPartitionOffset> partitions);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Pipeline full ({Unfinished} unfinished messages): pausing fetch")]
    public static partial void Paused(ILogger logger, int unfinished);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Pipeline drained to {Unfinished} unfinished messages: resuming fetch")]
    public static partial void Resumed(ILogger logger, int unfinished);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "Committed {Offsets}")]
    public static partial void Committed(ILogger logger, string offsets);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Commit of {Offsets} failed, will retry: {Reason}")]
    public static partial void CommitFailed(ILogger logger, string offsets, string reason);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Consume error, continuing: {Reason}")]
    public static partial void ConsumeError(ILogger logger, string reason);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Shutting down: fetch stopped, waiting up to {Grace} for {Unfinished} message(s) in flight")]
    public static partial void Draining(ILogger logger, TimeSpan grace, int unfinished);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Shutdown grace of {Grace} is over: terminating {Unfinished} run(s); their offsets stay uncommitted and the group runs them again")]
    public static partial void GraceOver(ILogger logger, TimeSpan grace, int unfinished);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Error, Message = "{Unfinished} run(s) did not end after being terminated; leaving them behind")]
    public static partial void GaveUpWaiting(ILogger logger, int unfinished);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "Worker stopped: finished work committed, consumer closed")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Job {Job} (partition {Partition} offset {Offset}) fire {FireId} attempt {Attempt} {Outcome} in {Duration} (exit code {ExitCode}, started {StartDelay} after its scheduled time)\nstdout tail ({StdoutBytes} bytes in all):\n{Stdout}\nstderr tail ({StderrBytes} bytes in all):\n{Stderr}")]
    public static partial void RunSucceeded(ILogger logger, string job, int partition, long offset, string fireId, int attempt, string outcome, TimeSpan duration, int? exitCode, TimeSpan startDelay, long stdoutBytes, string stdout, long stderrBytes, string stderr);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Warning, Message = "Job {Job} (partition {Partition} offset {Offset}) fire {FireId} attempt {Attempt} {Outcome} in {Duration} (exit code {ExitCode}{Detail}, started {StartDelay} after its scheduled time)\nstdout tail ({StdoutBytes} bytes in all):\n{Stdout}\nstderr tail ({StderrBytes} bytes in all):\n{Stderr}")]
    public static partial void RunFailed(ILogger logger, string job, int partition, long offset, string fireId, int attempt, string outcome, TimeSpan duration, int? exitCode, string detail, TimeSpan startDelay, long stdoutBytes, string stdout, long stderrBytes, string stderr);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Information, Message = "Run of {Source} abandoned: {Why}; the offset stays uncommitted")]
    public static partial void Abandoned(ILogger logger, Confluent.Kafka.TopicPartitionOffset source, string why);

    /// <summary>
    /// Debug, not Information: with a backlog the pipeline holds up to a thousand fetched fires, and a rebalance or a
    /// shutdown would log a line for each one although none of them ran; the revoke and shutdown lines give the count.
    /// </summary>
    [LoggerMessage(EventId = 2024, Level = LogLevel.Debug, Message = "Fire at {Source} not started here: {Why}; the offset stays uncommitted")]
    public static partial void NotStarted(ILogger logger, Confluent.Kafka.TopicPartitionOffset source, string why);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Warning, Message = "Message at {Source} cannot be decoded ({Reason}): {Detail}; sending it to {DeadLetterTopic}")]
    public static partial void Undecodable(ILogger logger, Confluent.Kafka.TopicPartitionOffset source, string reason, string detail, string deadLetterTopic);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Information, Message = "Message at {Source} dead-lettered ({Reason}); its offset may commit")]
    public static partial void DeadLettered(ILogger logger, Confluent.Kafka.TopicPartitionOffset source, string reason);

    [LoggerMessage(EventId = 2050, Level = LogLevel.Warning, Message = "Not running {Source}: {Outcome} fire {IdempotencyKey} (highest epoch on the partition {HighestEpoch}); a scheduler published it twice and it already ran, or a deposed leader published it late")]
    public static partial void NotAdmitted(ILogger logger, TopicPartitionOffset source, string outcome, string idempotencyKey, long? highestEpoch);
}
