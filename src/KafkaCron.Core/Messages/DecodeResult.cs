using System.Diagnostics.CodeAnalysis;

namespace KafkaCron.Core.Messages;

/// <summary>Either a decoded fire or the reason the bytes are not one.</summary>
public readonly record struct DecodeResult
{
    private DecodeResult(FireMessage? fire, string? error)
    {
        Fire = fire;
        Error = error;
    }

    public FireMessage? Fire { get; }

    /// <summary>Human-readable reason, naming what was wrong, when decoding failed.</summary>
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Fire))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Fire is not null;

    public static DecodeResult Success(FireMessage fire) => new(fire, null);

    public static DecodeResult Failure(string error) => new(null, error);
}
