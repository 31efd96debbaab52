using System.Text.Json.Serialization;

namespace KafkaCron.Core.Leadership;

/// <summary>
/// How far the schedule has been published. Every instant at or before <see cref="ScheduledUpTo"/> (the watermark) of
/// every job has been published (or deliberately skipped by the job's misfire policy, or withheld while it was
/// paused), except for the jobs listed in <see cref="Pending"/>: their instants from the one given there on are not
/// known to be published. Fires after the watermark that were published lie at or after <see cref="ReadBackFrom"/>.
/// Its size grows with the jobs behind the watermark, not with the job count (docs/decisions/checkpoint-at-scale.md).
/// The scheduler sets <see cref="ScheduledUpTo"/>, <see cref="Pending"/> and <see cref="ReadBackFrom"/>; the store
/// stamps the rest on write.
/// </summary>
public sealed record ScheduleCheckpoint
{
    public const int CurrentFormatVersion = 1;

    [JsonPropertyName("formatVersion")]
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The deployment whose schedule this is; a checkpoint of another deployment is refused on read.</summary>
    [JsonPropertyName("deploymentId")]
    public string DeploymentId { get; init; } = "";

    /// <summary>Epoch of the leadership term that wrote the checkpoint.</summary>
    [JsonPropertyName("epoch")]
    public long Epoch { get; init; }

    [JsonPropertyName("writtenAt")]
    public DateTimeOffset WrittenAt { get; init; }

    [JsonPropertyName("scheduledUpTo")]
    public required DateTimeOffset ScheduledUpTo { get; init; }

    /// <summary>
    /// Per job, the scheduled instant of its last published fire, never later than <see cref="ScheduledUpTo"/>.
    /// Schedulers before the watermark design wrote every job here (which capped a checkpoint at about 15,000 jobs);
    /// it never moves a job's position (the watermark or a pending instant does), so checkpoints are now written with
    /// it empty. It stays in the format, written empty, so that a replica of an earlier release still reads a
    /// checkpoint written by this one during a rolling upgrade, and the other way round.
    /// </summary>
    [JsonPropertyName("lastFired")]
    public IReadOnlyDictionary<string, DateTimeOffset> LastFired { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>
    /// Per job whose fire was being published, had failed to publish, or was due but not yet handed out when the
    /// checkpoint was taken: that fire's scheduled instant (never later than <see cref="ScheduledUpTo"/>). A new
    /// leader treats it and every later instant of the job as missed, unless it finds them in
    /// <see cref="ReadBackFrom"/>'s range of the topics.
    /// </summary>
    [JsonPropertyName("pending")]
    public IReadOnlyDictionary<string, DateTimeOffset> Pending { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>
    /// Per partition of the jobs topics, an offset before which every fire is accounted for by this checkpoint. A
    /// fire published after the checkpoint was taken (or still in flight then) lies at or after it: a new leader
    /// reads the topics from here to their ends to learn what the previous term published since.
    /// </summary>
    [JsonPropertyName("readBackFrom")]
    public IReadOnlyList<TopicPartitionPosition> ReadBackFrom { get; init; } = [];
}
