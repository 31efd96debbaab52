using System.Collections.Frozen;
using KafkaCron.Core.Control;

namespace KafkaCron.Scheduler.Tests.TestSupport;

/// <summary>Pauses a test sets directly; reading to the end completes at once unless <see cref="Unread"/> holds it.</summary>
internal sealed class FakePausedJobs : IPausedJobs
{
    public static readonly DateTimeOffset PausedAt = new(2025, 12, 31, 23, 0, 0, TimeSpan.Zero);

    private PausedJobs _current = PausedJobs.None;

    public event Action? Changed;

    public PausedJobs Current => Volatile.Read(ref _current);

    /// <summary>While set and not completed, <see cref="ReadToEndAsync"/> waits for it: the control topic is not read yet.</summary>
    public TaskCompletionSource? Unread { get; set; }

    public int Reads { get; private set; }

    public Task ReadToEndAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Unread is { } unread ? unread.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Pauses exactly <paramref name="jobs"/>, as alice with a reason, and wakes the engine.</summary>
    public void Set(params string[] jobs)
    {
        var pauses = jobs.ToFrozenDictionary(
            job => job,
            job => new JobPause { Job = job, Paused = true, By = "alice@ops-1", At = PausedAt, Reason = "db migration" },
            StringComparer.Ordinal);
        Volatile.Write(ref _current, new PausedJobs(Current.Version + 1, pauses));
        Changed?.Invoke();
    }
}
