namespace KafkaCron.Core.Messages;

/// <summary>
/// Machine-readable reasons a message is not a fire. They name dead letters (<see cref="DeadLetter.Reason"/>) and
/// tag the decode-failure and dead-letter metrics, so they never change meaning.
/// </summary>
public static class DecodeFailureReasons
{
    /// <summary>No value at all: an empty or null (tombstone) message.</summary>
    public const string Empty = "empty";

    /// <summary>Larger than <see cref="FireMessageCodec.MaxMessageBytes"/>; refused before parsing.</summary>
    public const string TooLarge = "too-large";

    /// <summary>Not JSON, truncated JSON, not an object, or a field of the wrong type.</summary>
    public const string InvalidJson = "invalid-json";

    /// <summary>A schemaVersion this build does not read.</summary>
    public const string UnsupportedSchema = "unsupported-schema";

    /// <summary>Well-formed JSON that breaks a rule of the format (no command, attempt below 1, ...).</summary>
    public const string InvalidFire = "invalid-fire";

    /// <summary>A fire whose <c>cluster</c> names another cluster (a topic shared by mistake, a mis-set template).</summary>
    public const string WrongCluster = "wrong-cluster";
}
