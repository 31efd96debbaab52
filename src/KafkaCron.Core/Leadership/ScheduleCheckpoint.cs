using System.Text.Json.Serialization;

namespace KafkaCron.Core.Leadership;

/// <summary>
/// How far the schedule has been published. Every instant at or before <see cref="ScheduledUpTo"/> of every job
/// has been published (or deliberately skipped by the job's misfire policy), except for the jobs listed in
/// <see cref="Pending"/>: their instants from the one given there on are not known to be published.
/// The scheduler sets <see cref="ScheduledUpTo"/>, <see cref="LastFired"/>, <see cref="Pending"/> and
/// <see cref="ReadBackFrom"/>; the store stamps the rest on write.
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

    /// <summary>Per job, the scheduled instant of its last published fire; never later than <see cref="ScheduledUpTo"/>.</summary>
    [JsonPropertyName("lastFired")]
    public required IReadOnlyDictionary<string, DateTimeOffset> LastFired { get; init; }

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
