using System.Text.Json.Serialization;

namespace KafkaCron.Core.Leadership;

/// <summary>
/// "Scheduled up to instant T": every fire scheduled at or before <see cref="ScheduledUpTo"/> has been published.
/// The scheduler sets <see cref="ScheduledUpTo"/> and <see cref="LastFired"/>; the store stamps the rest on write.
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
}
