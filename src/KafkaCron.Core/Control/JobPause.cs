using System.Text.Json.Serialization;

namespace KafkaCron.Core.Control;

/// <summary>
/// A job's pause state as written by <c>kcron pause</c> and <c>kcron resume</c>: the value of the record keyed
/// <c>pause/&lt;job&gt;</c> on the compacted control topic, so the topic keeps the latest state of every job. The
/// format is documented in docs/message-format.md; <see cref="ControlRecordCodec"/> reads and writes it.
/// </summary>
public sealed record JobPause
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>The only kind of control record so far; other kinds are left alone by readers that do not know them.</summary>
    public const string PauseKind = "pause";

    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = PauseKind;

    [JsonPropertyName("job")]
    public required string Job { get; init; }

    /// <summary>True: the scheduler withholds the job's fires; false: resumed.</summary>
    [JsonPropertyName("paused")]
    public required bool Paused { get; init; }

    /// <summary>Who asked: <c>user@host</c> from the CLI, the signed-in user from the console.</summary>
    [JsonPropertyName("by")]
    public required string By { get; init; }

    [JsonPropertyName("at")]
    public required DateTimeOffset At { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>"paused by alice@ops-1 at 2026-11-27T09:00:00Z: db migration": for logs and run records.</summary>
    public override string ToString() => Describe();

    /// <inheritdoc cref="ToString"/>
    public string Describe() =>
        FormattableString.Invariant($"{(Paused ? "paused" : "resumed")} by {By} at {At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}")
        + (string.IsNullOrWhiteSpace(Reason) ? string.Empty : ": " + Reason);
}
