namespace KafkaCron.Core.Leadership;

/// <summary>
/// One leadership term of this replica. Disposing resigns: <see cref="Lost"/> fires and the next candidate
/// takes over at once instead of after a session timeout.
/// </summary>
public interface ILeadership : IAsyncDisposable
{
    /// <summary>Strictly greater than the epoch of every earlier term of every replica; carried in published fires.</summary>
    long Epoch { get; }

    /// <summary>The replica holding this term, as shown by <c>kcron status</c>.</summary>
    string ReplicaId { get; }

    /// <summary>
    /// Cancelled the moment leadership can no longer be proven (connection silent past the safe bound, session
    /// expired, candidate node gone) or the term is resigned. Once cancelled the replica must stop scheduling.
    /// </summary>
    CancellationToken Lost { get; }

    /// <summary>
    /// Checks, at this instant, that leadership can still be proven (for ZooKeeper: the latest reply is younger than
    /// the lease bound on the monotonic clock), without waiting for a timer to notice otherwise. Call it right
    /// before each publication: a leader paused past the bound (SIGSTOP, a long GC, a frozen VM) sees false on
    /// resuming, before its timers have caught up. False also ends the term: <see cref="Lost"/> fires.
    /// </summary>
    bool ConfirmHeld();

    /// <summary>Why <see cref="Lost"/> fired; null while the term holds.</summary>
    string? LostReason { get; }
}
