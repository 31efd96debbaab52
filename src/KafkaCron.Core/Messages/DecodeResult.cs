using System.Diagnostics.CodeAnalysis;

namespace KafkaCron.Core.Messages;

/// <summary>Either a decoded fire or the reason the bytes are not one.</summary>
public readonly record struct DecodeResult
{
    private DecodeResult(FireMessage? fire, string? reason, string? error)
    {
        Fire = fire;
        Reason = reason;
        Error = error;
    }

    public FireMessage? Fire { get; }

    /// <summary>Machine-readable reason (one of <see cref="DecodeFailureReasons"/>) when decoding failed.</summary>
    public string? Reason { get; }

    /// <summary>Human-readable reason, naming what was wrong, when decoding failed.</summary>
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Fire))]
    [MemberNotNullWhen(false, nameof(Error))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsSuccess => Fire is not null;

    public static DecodeResult Success(FireMessage fire) => new(fire, null, null);

    public static DecodeResult Failure(string reason, string error) => new(null, reason, error);
}
