using System.Text.Json.Serialization;

namespace KafkaCron.Core.Messages;

/// <summary>The job's retry policy as carried in a message, so a worker needs no job file to schedule a retry.</summary>
public sealed record RetrySpec
{
    [JsonPropertyName("maxAttempts")]
    public int MaxAttempts { get; init; }

    [JsonPropertyName("initialDelaySeconds")]
    public double InitialDelaySeconds { get; init; }

    [JsonPropertyName("multiplier")]
    public double Multiplier { get; init; }

    [JsonPropertyName("maxDelaySeconds")]
    public double MaxDelaySeconds { get; init; }

    [JsonPropertyName("jitter")]
    public double Jitter { get; init; }
}
