using System.Text.Json;

namespace KafkaCron.Core.Messages;

/// <summary>Turns fires and dead letters into bytes and back. Decoding never throws: bad input yields a reason.</summary>
public static class FireMessageCodec
{
    /// <summary>Larger values are refused before parsing; a fire is a few hundred bytes.</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    /// <summary>How much of an undecodable original is kept in its dead letter.</summary>
    public const int MaxPreservedOriginalBytes = 64 * 1024;

    public static byte[] Encode(FireMessage fire) =>
        JsonSerializer.SerializeToUtf8Bytes(fire, MessageJsonContext.Default.FireMessage);

    public static byte[] Encode(DeadLetter deadLetter) =>
        JsonSerializer.SerializeToUtf8Bytes(deadLetter, MessageJsonContext.Default.DeadLetter);

    public static DeadLetter? DecodeDeadLetter(ReadOnlySpan<byte> value)
    {
        try
        {
            return JsonSerializer.Deserialize(value, MessageJsonContext.Default.DeadLetter);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Decodes a fire. <paramref name="consumerCluster"/> fills in the cluster of messages written before the
    /// cluster field existed (they were published to a single shared topic).
    /// </summary>
    public static DecodeResult Decode(ReadOnlySpan<byte> value, string consumerCluster)
    {
        if (value.IsEmpty)
        {
            return DecodeResult.Failure(DecodeFailureReasons.Empty, "empty message value");
        }

        if (value.Length > MaxMessageBytes)
        {
            return DecodeResult.Failure(DecodeFailureReasons.TooLarge, FormattableString.Invariant(
                $"message of {value.Length} bytes exceeds the {MaxMessageBytes}-byte limit"));
        }

        int schemaVersion;
        FireMessage? fire;
        try
        {
            schemaVersion = SchemaVersion.Read(value);
            if (schemaVersion != FireMessage.CurrentSchemaVersion)
            {
                return DecodeResult.Failure(DecodeFailureReasons.UnsupportedSchema, FormattableString.Invariant(
                    $"unsupported schemaVersion {schemaVersion} (this worker reads {FireMessage.CurrentSchemaVersion})"));
            }

            fire = JsonSerializer.Deserialize(value, MessageJsonContext.Default.FireMessage);
        }
        catch (JsonException ex)
        {
            return DecodeResult.Failure(DecodeFailureReasons.InvalidJson, "invalid JSON: " + ex.Message);
        }

        if (fire is null)
        {
            return DecodeResult.Failure(DecodeFailureReasons.InvalidJson, "message is JSON null");
        }

        var problem = Validate(fire);
        if (problem is not null)
        {
            return DecodeResult.Failure(DecodeFailureReasons.InvalidFire, problem);
        }

        if (fire.Cluster is null)
        {
            return DecodeResult.Success(fire with { Cluster = consumerCluster });
        }

        // A fire addressed to another cluster must never run here: its commands may need that cluster's machines.
        return string.Equals(fire.Cluster, consumerCluster, StringComparison.Ordinal)
            ? DecodeResult.Success(fire)
            : DecodeResult.Failure(DecodeFailureReasons.WrongCluster, FormattableString.Invariant(
                $"fire of job {fire.Job} is addressed to cluster {fire.Cluster}, not to this worker's cluster {consumerCluster}"));
    }

    private static string? Validate(FireMessage fire)
    {
        if (string.IsNullOrWhiteSpace(fire.FireId))
        {
            return "fireId is empty";
        }

        if (string.IsNullOrWhiteSpace(fire.Job))
        {
            return "job is empty";
        }

        var hasCommand = !string.IsNullOrWhiteSpace(fire.Command);
        var hasArgs = fire.Args is { Count: > 0 };
        if (hasCommand == hasArgs)
        {
            return "exactly one of command and args must be set";
        }

        if (fire.Attempt < 1)
        {
            return "attempt must be at least 1";
        }

        if (fire.RemainingAttempts < 0)
        {
            return "remainingAttempts must not be negative";
        }

        if (fire.TimeoutSeconds is <= 0)
        {
            return "timeoutSeconds must be positive";
        }

        // A trigger this worker does not know could call for an admission it does not apply.
        if (fire.Trigger is not (null or FireTriggers.Scheduled or FireTriggers.Manual))
        {
            return $"trigger must be {FireTriggers.Scheduled} or {FireTriggers.Manual}, not {Text.Quote.Of(fire.Trigger)}";
        }

        return null;
    }
}
