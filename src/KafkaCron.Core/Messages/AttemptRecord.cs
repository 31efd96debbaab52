using System.Text.Json.Serialization;

namespace KafkaCron.Core.Messages;

/// <summary>What one finished attempt of a fire did.</summary>
public sealed record AttemptRecord
{
    [JsonPropertyName("attempt")]
    public int Attempt { get; init; }

    [JsonPropertyName("worker")]
    public string? Worker { get; init; }

    [JsonPropertyName("startedAt")]
    public DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("durationSeconds")]
    public double DurationSeconds { get; init; }

    /// <summary>Null when the process never exited by itself (spawn error, timeout).</summary>
    [JsonPropertyName("exitCode")]
    public int? ExitCode { get; init; }

    /// <summary>Machine-readable outcome, one of the MetricTags outcome values: <c>failed</c>, <c>timeout</c>, <c>spawn_error</c>, ...</summary>
    [JsonPropertyName("outcome")]
    public required string Outcome { get; init; }

    [JsonPropertyName("outputTail")]
    public string? OutputTail { get; init; }
}
