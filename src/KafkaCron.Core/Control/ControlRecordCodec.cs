using System.Text.Json;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Control;

/// <summary>Keys and values of the control topic. Decoding never throws: a record that is not a control record says why.</summary>
public static class ControlRecordCodec
{
    public const string PauseKeyPrefix = "pause/";

    /// <summary>Control records are a few hundred bytes; anything far larger is not one.</summary>
    public const int MaxValueBytes = 64 * 1024;

    /// <summary>The key of a job's pause state: <c>pause/backup</c>. One key per job, so compaction keeps its latest state.</summary>
    public static string PauseKey(string job) => PauseKeyPrefix + job;

    public static byte[] Encode(JobPause pause) => JsonSerializer.SerializeToUtf8Bytes(pause, ControlJsonContext.Default.JobPause);

    /// <summary>Reads one record of the control topic; a null value is a tombstone (the key's state is gone).</summary>
    public static ControlRecord Decode(string? key, ReadOnlySpan<byte> value, bool isTombstone)
    {
        if (key is null || !key.StartsWith(PauseKeyPrefix, StringComparison.Ordinal))
        {
            // Another kind of control a newer version writes: not ours to judge.
            return key is null ? ControlRecord.Invalid("the record has no key") : ControlRecord.Unknown;
        }

        var job = key[PauseKeyPrefix.Length..];
        if (!NameRules.IsValid(job))
        {
            return ControlRecord.Invalid($"key {Text.Quote.Of(key)} names no valid job");
        }

        if (isTombstone)
        {
            return ControlRecord.Cleared(job);
        }

        if (value.Length > MaxValueBytes)
        {
            return ControlRecord.Invalid(FormattableString.Invariant($"value of {value.Length} bytes exceeds the {MaxValueBytes}-byte limit"));
        }

        JobPause? pause;
        try
        {
            var version = SchemaVersion.Read(value);
            if (version != JobPause.CurrentSchemaVersion)
            {
                return ControlRecord.Invalid(FormattableString.Invariant($"unsupported schemaVersion {version} (this build reads {JobPause.CurrentSchemaVersion})"));
            }

            pause = JsonSerializer.Deserialize(value, ControlJsonContext.Default.JobPause);
        }
        catch (JsonException ex)
        {
            return ControlRecord.Invalid("invalid JSON: " + ex.Message);
        }

        return pause switch
        {
            null => ControlRecord.Invalid("the value is JSON null"),
            { Kind: not JobPause.PauseKind } => ControlRecord.Invalid($"kind {Text.Quote.Of(pause.Kind)} under a pause key"),
            _ when !string.Equals(pause.Job, job, StringComparison.Ordinal) => ControlRecord.Invalid($"job {Text.Quote.Of(pause.Job)} does not match its key {Text.Quote.Of(key)}"),
            _ when string.IsNullOrWhiteSpace(pause.By) => ControlRecord.Invalid("by is empty"),
            _ => ControlRecord.Pause(pause),
        };
    }
}
