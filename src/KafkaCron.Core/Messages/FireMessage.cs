using System.Text.Json.Serialization;

namespace KafkaCron.Core.Messages;

/// <summary>
/// One fire of one job, as published to a cluster's topic. The wire format is documented in
/// docs/message-format.md and docs/fire-message.schema.json; change them together.
/// </summary>
public sealed record FireMessage
{
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Unique per publication of a fire (a retry keeps the fire id and bumps the attempt).</summary>
    [JsonPropertyName("fireId")]
    public required string FireId { get; init; }

    [JsonPropertyName("job")]
    public required string Job { get; init; }

    /// <summary>Null only in messages written before per-cluster topics existed; the consumer then assumes its own.</summary>
    [JsonPropertyName("cluster")]
    public string? Cluster { get; init; }

    [JsonPropertyName("command")]
    public string? Command { get; init; }

    [JsonPropertyName("args")]
    public IReadOnlyList<string>? Args { get; init; }

    [JsonPropertyName("env")]
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    [JsonPropertyName("workingDirectory")]
    public string? WorkingDirectory { get; init; }

    /// <summary>The instant the schedule intended the run to start, UTC.</summary>
    [JsonPropertyName("scheduledAt")]
    public required DateTimeOffset ScheduledAt { get; init; }

    [JsonPropertyName("publishedAt")]
    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>1 for the first run, 2 for the first retry, and so on.</summary>
    [JsonPropertyName("attempt")]
    public int Attempt { get; init; } = 1;

    /// <summary>Attempts still allowed after this one.</summary>
    [JsonPropertyName("remainingAttempts")]
    public int RemainingAttempts { get; init; }

    /// <summary>The earliest instant this attempt may start (retries); null means at once.</summary>
    [JsonPropertyName("notBefore")]
    public DateTimeOffset? NotBefore { get; init; }

    [JsonPropertyName("timeoutSeconds")]
    public double? TimeoutSeconds { get; init; }

    [JsonPropertyName("concurrencyPolicy")]
    public string? ConcurrencyPolicy { get; init; }

    [JsonPropertyName("retry")]
    public RetrySpec? Retry { get; init; }

    /// <summary>The scheduler leadership term that published the fire; null when no election is configured.</summary>
    [JsonPropertyName("epoch")]
    public long? Epoch { get; init; }

    /// <summary>Earlier attempts of this fire, oldest first.</summary>
    [JsonPropertyName("history")]
    public IReadOnlyList<AttemptRecord>? History { get; init; }

    /// <summary>
    /// <see cref="FireTriggers.Manual"/> for a fire an operator asked for; null (left out of the JSON) for a scheduled
    /// fire, whose encoding therefore did not change when the field was added.
    /// </summary>
    [JsonPropertyName("trigger")]
    public string? Trigger { get; init; }

    [JsonIgnore]
    public bool IsManual => string.Equals(Trigger, FireTriggers.Manual, StringComparison.Ordinal);

    /// <summary>
    /// Job plus scheduled instant: the same for every publication of one scheduled run. A manual fire is a run of its
    /// own whatever instant it carries, so its key is its fire id: it is never taken for a duplicate of a scheduled
    /// run that happens to share its instant, while a manual fire published twice still is one.
    /// </summary>
    [JsonIgnore]
    public string IdempotencyKey => IsManual
        ? $"{Job}@manual/{FireId}"
        : FormattableString.Invariant($"{Job}@{ScheduledAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}");
}
