using System.Text.Json.Serialization;

namespace KafkaCron.Core.Messages;

/// <summary>
/// What goes to a cluster's dead-letter topic: the reason, where the original came from, and the original itself,
/// byte for byte, so that nothing is lost even when it could not be decoded.
/// </summary>
public sealed record DeadLetter
{
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Machine-readable reason, <c>attempts-exhausted</c> or one of <see cref="DecodeFailureReasons"/>.</summary>
    [JsonPropertyName("reason")]
    public required string Reason { get; init; }

    [JsonPropertyName("detail")]
    public required string Detail { get; init; }

    [JsonPropertyName("sourceTopic")]
    public required string SourceTopic { get; init; }

    [JsonPropertyName("sourcePartition")]
    public int SourcePartition { get; init; }

    [JsonPropertyName("sourceOffset")]
    public long SourceOffset { get; init; }

    [JsonPropertyName("deadLetteredAt")]
    public DateTimeOffset DeadLetteredAt { get; init; }

    [JsonPropertyName("worker")]
    public string? Worker { get; init; }

    /// <summary>The decoded fire, when the original could be decoded.</summary>
    [JsonPropertyName("fire")]
    public FireMessage? Fire { get; init; }

    /// <summary>The original message value, base64, when it could not be decoded (truncated to a bound).</summary>
    [JsonPropertyName("originalBase64")]
    public string? OriginalBase64 { get; init; }

    [JsonPropertyName("originalSize")]
    public long OriginalSize { get; init; }
}
