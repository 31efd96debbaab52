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

    /// <summary>Why <see cref="Lost"/> fired; null while the term holds.</summary>
    string? LostReason { get; }
}
