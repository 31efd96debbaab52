namespace KafkaCron.Core.Scheduling;

/// <summary>Publishes the fires of one leadership term. Disposing waits (bounded) for fires already handed over.</summary>
public interface ITermPublisher : IFirePublisher, IAsyncDisposable
{
    /// <summary>
    /// The term was lost: fires handed over but not yet sent are dropped, so that they cannot land after a
    /// successor's. Fires already on the wire may still land; the successor's read-back and the workers' epoch
    /// fence deal with those.
    /// </summary>
    void Abandon();
}
