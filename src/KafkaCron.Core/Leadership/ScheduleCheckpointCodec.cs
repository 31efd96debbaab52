using System.Text.Json;

namespace KafkaCron.Core.Leadership;

/// <summary>
/// Turns checkpoints into JSON bytes and back. Decoding never throws: anything that is not a checkpoint of the
/// expected deployment in the current format yields a reason, because a guessed schedule position would fire
/// jobs twice or skip them.
/// </summary>
public static class ScheduleCheckpointCodec
{
    /// <summary>ZooKeeper refuses znodes of 1 MiB or more (jute.maxbuffer); stay below it.</summary>
    public const int MaxBytes = 1000 * 1000;

    /// <exception cref="CheckpointTooLargeException">The encoding is over <see cref="MaxBytes"/>.</exception>
    public static byte[] Encode(ScheduleCheckpoint checkpoint)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(checkpoint, CheckpointJsonContext.Default.ScheduleCheckpoint);
        return bytes.Length <= MaxBytes
            ? bytes
            : throw new CheckpointTooLargeException(FormattableString.Invariant(
                $"the checkpoint lists {checkpoint.Pending.Count + checkpoint.LastFired.Count} jobs by name and encodes to {bytes.Length} bytes, over the {MaxBytes}-byte limit"));
    }

    /// <summary>Empty bytes mean no checkpoint was written yet and decode to <see cref="CheckpointDecodeResult.Empty"/>.</summary>
    public static CheckpointDecodeResult Decode(ReadOnlySpan<byte> value, string expectedDeploymentId)
    {
        if (value.IsEmpty)
        {
            return CheckpointDecodeResult.Empty;
        }

        if (value.Length > MaxBytes)
        {
            return CheckpointDecodeResult.Failure(FormattableString.Invariant(
                $"checkpoint of {value.Length} bytes exceeds the {MaxBytes}-byte limit"));
        }

        ScheduleCheckpoint? checkpoint;
        try
        {
            var version = ReadFormatVersion(value);
            if (version != ScheduleCheckpoint.CurrentFormatVersion)
            {
                return CheckpointDecodeResult.Failure(FormattableString.Invariant(
                    $"unsupported formatVersion {version} (this scheduler reads {ScheduleCheckpoint.CurrentFormatVersion})"));
            }

            checkpoint = JsonSerializer.Deserialize(value, CheckpointJsonContext.Default.ScheduleCheckpoint);
        }
        catch (JsonException ex)
        {
            return CheckpointDecodeResult.Failure("invalid JSON: " + ex.Message);
        }

        if (checkpoint is null)
        {
            return CheckpointDecodeResult.Failure("checkpoint is JSON null");
        }

        // Pending and readBackFrom came with the read-back design; a checkpoint without them has nothing pending and
        // nothing to read back. lastFired is written empty since the watermark design.
        checkpoint = checkpoint with
        {
            LastFired = checkpoint.LastFired ?? new Dictionary<string, DateTimeOffset>(),
            Pending = checkpoint.Pending ?? new Dictionary<string, DateTimeOffset>(),
            ReadBackFrom = checkpoint.ReadBackFrom ?? [],
        };
        var problem = Validate(checkpoint, expectedDeploymentId);
        return problem is null ? CheckpointDecodeResult.Success(checkpoint) : CheckpointDecodeResult.Failure(problem);
    }

    private static int ReadFormatVersion(ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the checkpoint is not a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVersion = reader.ValueTextEquals("formatVersion"u8);
            reader.Read();
            if (isVersion)
            {
                return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version)
                    ? version
                    : throw new JsonException("formatVersion is not an integer");
            }

            reader.Skip();
        }

        throw new JsonException("formatVersion is missing");
    }

    private static string? Validate(ScheduleCheckpoint checkpoint, string expectedDeploymentId)
    {
        if (!string.Equals(checkpoint.DeploymentId, expectedDeploymentId, StringComparison.Ordinal))
        {
            return $"checkpoint belongs to deployment '{checkpoint.DeploymentId}', not '{expectedDeploymentId}'";
        }

        if (checkpoint.Epoch < 1)
        {
            return "epoch must be at least 1";
        }

        if (checkpoint.WrittenAt == default)
        {
            return "writtenAt is missing";
        }

        foreach (var (job, lastFired) in checkpoint.LastFired)
        {
            if (string.IsNullOrWhiteSpace(job))
            {
                return "lastFired has an empty job name";
            }

            if (lastFired > checkpoint.ScheduledUpTo)
            {
                return FormattableString.Invariant(
                    $"job '{job}' last fired at {lastFired:O}, after scheduledUpTo {checkpoint.ScheduledUpTo:O}");
            }
        }

        return ValidatePending(checkpoint) ?? ValidateReadBack(checkpoint);
    }

    private static string? ValidatePending(ScheduleCheckpoint checkpoint)
    {
        foreach (var (job, pending) in checkpoint.Pending)
        {
            if (string.IsNullOrWhiteSpace(job))
            {
                return "pending has an empty job name";
            }

            if (pending > checkpoint.ScheduledUpTo)
            {
                return FormattableString.Invariant(
                    $"job '{job}' is pending at {pending:O}, after scheduledUpTo {checkpoint.ScheduledUpTo:O}");
            }

            if (checkpoint.LastFired.TryGetValue(job, out var lastFired) && pending <= lastFired)
            {
                return FormattableString.Invariant(
                    $"job '{job}' is pending at {pending:O}, not after its last fire {lastFired:O}");
            }
        }

        return null;
    }

    private static string? ValidateReadBack(ScheduleCheckpoint checkpoint)
    {
        var seen = new HashSet<(string, int)>();
        foreach (var position in checkpoint.ReadBackFrom)
        {
            if (position is null || string.IsNullOrWhiteSpace(position.Topic))
            {
                return "readBackFrom has an entry without a topic";
            }

            if (position.Partition < 0 || position.Offset < 0)
            {
                return FormattableString.Invariant(
                    $"readBackFrom has a negative partition or offset for {position.Topic} [{position.Partition}] @ {position.Offset}");
            }

            if (!seen.Add((position.Topic, position.Partition)))
            {
                return FormattableString.Invariant(
                    $"readBackFrom names {position.Topic} [{position.Partition}] twice");
            }
        }

        return null;
    }
}
