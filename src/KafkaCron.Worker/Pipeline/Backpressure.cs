namespace KafkaCron.Worker.Pipeline;

/// <summary>
/// When to pause and resume fetching: pause once the unfinished messages reach the capacity, resume once they drain
/// to half of it. The gap keeps the consumer from flapping between the two on every finished job.
/// </summary>
internal sealed class Backpressure
{
    public Backpressure(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        ResumeAt = capacity / 2;
    }

    public int Capacity { get; }

    /// <summary>The low watermark: fetching resumes when no more than this many messages are unfinished.</summary>
    public int ResumeAt { get; }

    public bool Paused { get; private set; }

    public bool HasRoom(int unfinished) => unfinished < Capacity;

    public BackpressureChange Update(int unfinished)
    {
        if (!Paused && unfinished >= Capacity)
        {
            Paused = true;
            return BackpressureChange.Pause;
        }

        if (Paused && unfinished <= ResumeAt)
        {
            Paused = false;
            return BackpressureChange.Resume;
        }

        return BackpressureChange.None;
    }
}

internal enum BackpressureChange
{
    None,
    Pause,
    Resume,
}
