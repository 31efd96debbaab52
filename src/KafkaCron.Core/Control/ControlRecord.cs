namespace KafkaCron.Core.Control;

/// <summary>What one record of the control topic says: a job's pause state, its removal, nothing we know, or garbage.</summary>
public readonly record struct ControlRecord
{
    private ControlRecord(ControlRecordKind kind, string? job, JobPause? pause, string? error)
    {
        Kind = kind;
        Job = job;
        State = pause;
        Error = error;
    }

    public ControlRecordKind Kind { get; }

    /// <summary>The job of a <see cref="ControlRecordKind.Pause"/> or <see cref="ControlRecordKind.Cleared"/> record.</summary>
    public string? Job { get; }

    public JobPause? State { get; }

    /// <summary>Why an <see cref="ControlRecordKind.Invalid"/> record is not one, naming what was wrong.</summary>
    public string? Error { get; }

    public static ControlRecord Unknown { get; } = new(ControlRecordKind.Unknown, null, null, null);

    public static ControlRecord Pause(JobPause pause) => new(ControlRecordKind.Pause, pause.Job, pause, null);

    public static ControlRecord Cleared(string job) => new(ControlRecordKind.Cleared, job, null, null);

    public static ControlRecord Invalid(string error) => new(ControlRecordKind.Invalid, null, null, error);
}

public enum ControlRecordKind
{
    /// <summary>A job's pause state (paused or resumed).</summary>
    Pause,

    /// <summary>A tombstone: the job's state is gone, which reads as not paused.</summary>
    Cleared,

    /// <summary>A key of another kind of control, written by a newer version: left alone.</summary>
    Unknown,

    /// <summary>Not a control record: skipped with a warning and counted, never fatal.</summary>
    Invalid,
}
