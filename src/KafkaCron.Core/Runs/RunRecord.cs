using System.Text.Json.Serialization;

namespace KafkaCron.Core.Runs;

/// <summary>
/// What one attempt of one fire did, ran or refused: the value of a record on <c>kcron.runs.&lt;cluster&gt;</c>, keyed
/// by job name so that a job's history reads in order. Workers write one per attempt (through their outcome writer,
/// before the attempt's offset commits); the leading scheduler writes one per instant it withheld from a paused job.
/// The format is documented in docs/message-format.md and docs/run-record.schema.json; change them together.
/// </summary>
public sealed record RunRecord
{
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The fire's id (every attempt of a fire shares it); a withheld instant gets an id of its own.</summary>
    [JsonPropertyName("fireId")]
    public required string FireId { get; init; }

    [JsonPropertyName("job")]
    public required string Job { get; init; }

    [JsonPropertyName("cluster")]
    public required string Cluster { get; init; }

    /// <summary>1 for the first run of a fire, 2 for its first retry, and so on.</summary>
    [JsonPropertyName("attempt")]
    public int Attempt { get; init; } = 1;

    /// <summary><c>scheduled</c> or <c>manual</c> (see <see cref="Messages.FireTriggers"/>).</summary>
    [JsonPropertyName("trigger")]
    public required string Trigger { get; init; }

    /// <summary>One of <see cref="RunOutcomes"/>.</summary>
    [JsonPropertyName("outcome")]
    public required string Outcome { get; init; }

    /// <summary>The instant the schedule intended (a manual fire: when it was asked for), UTC.</summary>
    [JsonPropertyName("scheduledAt")]
    public required DateTimeOffset ScheduledAt { get; init; }

    /// <summary>When the job's process started; absent when it never did (refused, paused, replaced before it started).</summary>
    [JsonPropertyName("startedAt")]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the attempt ended: the process ended, or the fire was refused or withheld.</summary>
    [JsonPropertyName("finishedAt")]
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>From start to end of the process; absent when it never started.</summary>
    [JsonPropertyName("durationSeconds")]
    public double? DurationSeconds { get; init; }

    /// <summary>The exit status of a process that exited by itself; absent when it was killed, timed out or never ran.</summary>
    [JsonPropertyName("exitCode")]
    public int? ExitCode { get; init; }

    /// <summary>The signal that ended a <see cref="RunOutcomes.Killed"/> run.</summary>
    [JsonPropertyName("signal")]
    public int? Signal { get; init; }

    /// <summary>Attempts the fire still has after this one; 0 on a failure means it went to the dead-letter topic.</summary>
    [JsonPropertyName("remainingAttempts")]
    public int? RemainingAttempts { get; init; }

    /// <summary>The worker that ran or refused the attempt; absent in records written by the scheduler.</summary>
    [JsonPropertyName("worker")]
    public string? Worker { get; init; }

    /// <summary>The leadership term that published the fire; absent without leader election and for manual fires.</summary>
    [JsonPropertyName("epoch")]
    public long? Epoch { get; init; }

    /// <summary>Where the fire was read: its jobs or retry topic, partition and offset.</summary>
    [JsonPropertyName("sourceTopic")]
    public string? SourceTopic { get; init; }

    [JsonPropertyName("sourcePartition")]
    public int? SourcePartition { get; init; }

    [JsonPropertyName("sourceOffset")]
    public long? SourceOffset { get; init; }

    /// <summary>The end of the run's stdout, as much as the worker keeps (<c>Worker:OutputTailKiB</c>) and the record bound allows.</summary>
    [JsonPropertyName("stdoutTail")]
    public string? StdoutTail { get; init; }

    [JsonPropertyName("stderrTail")]
    public string? StderrTail { get; init; }

    /// <summary>Bytes the run printed on stdout, kept or not.</summary>
    [JsonPropertyName("stdoutBytes")]
    public long? StdoutBytes { get; init; }

    [JsonPropertyName("stderrBytes")]
    public long? StderrBytes { get; init; }

    /// <summary>Why, in words: a spawn error, how a timeout was enforced, why a fire was refused or withheld.</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; init; }
}
