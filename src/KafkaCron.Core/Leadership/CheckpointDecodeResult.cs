using System.Diagnostics.CodeAnalysis;

namespace KafkaCron.Core.Leadership;

/// <summary>Either a checkpoint, no checkpoint at all (nothing stored yet), or the reason the bytes were refused.</summary>
public readonly record struct CheckpointDecodeResult
{
    private CheckpointDecodeResult(ScheduleCheckpoint? checkpoint, string? error)
    {
        Checkpoint = checkpoint;
        Error = error;
    }

    /// <summary>Null with a null <see cref="Error"/> when nothing was stored.</summary>
    public ScheduleCheckpoint? Checkpoint { get; }

    public string? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static CheckpointDecodeResult Empty { get; }

    public static CheckpointDecodeResult Success(ScheduleCheckpoint checkpoint) => new(checkpoint, null);

    public static CheckpointDecodeResult Failure(string error) => new(null, error);
}
