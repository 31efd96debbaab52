using KafkaCron.Worker.Runs;

namespace KafkaCron.Worker.Overlap;

/// <summary>
/// One run registered in <see cref="RunningJobs"/> when its fire is admitted, started later by a job slot: it can be
/// stopped because a newer fire replaces it or because its partition moved to another worker, and it says when it
/// has ended.
/// </summary>
internal sealed class RunTicket(string job, string policy, PartitionLease lease) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _replaced;
    private volatile bool _revoked;
    private volatile bool _started;

    public string Job { get; } = job;

    public string Policy { get; } = policy;

    public PartitionLease Lease { get; } = lease;

    /// <summary>Cancelled when the run must stop (replaced or revoked); the runner then kills its process group.</summary>
    public CancellationToken StopToken => _stop.Token;

    public bool Replaced => _replaced;

    public bool Revoked => _revoked;

    /// <summary>A job slot began the run (<see cref="RunningJobs.TryStart"/>); until then it is only admitted.</summary>
    public bool Started => _started;

    /// <summary>Completes once the run's processes are gone.</summary>
    public Task Ended => _ended.Task;

    public void Replace()
    {
        _replaced = true;
        Cancel();
    }

    public void Revoke()
    {
        _revoked = true;
        Cancel();
    }

    public void MarkStarted() => _started = true;

    public void MarkEnded() => _ended.TrySetResult();

    public void Dispose() => _stop.Dispose();

    private void Cancel()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run already ended and released its ticket.
        }
    }
}
