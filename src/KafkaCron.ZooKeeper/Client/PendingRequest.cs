using KafkaCron.ZooKeeper.Protocol;

namespace KafkaCron.ZooKeeper.Client;

/// <summary>A request written to a connection and waiting for the reply with its xid.</summary>
internal abstract class PendingRequest
{
    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the request was written: the session was alive after it.</summary>
    public long SentAt { get; set; }

    /// <summary>Runs on the read loop, so watch registrations happen before any later notification is handled.</summary>
    public abstract void Complete(ZooKeeperErrorCode error, JuteReader body);

    public abstract void Fail(Exception reason);
}

/// <summary>A pending request whose reply <see cref="Handler"/> turns into a result or an exception.</summary>
internal sealed class PendingRequest<T>(Func<ZooKeeperErrorCode, JuteReader, T> handler) : PendingRequest
{
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _result.Task;

    private Func<ZooKeeperErrorCode, JuteReader, T> Handler { get; } = handler;

    public override void Complete(ZooKeeperErrorCode error, JuteReader body)
    {
        try
        {
            _result.TrySetResult(Handler(error, body));
        }
        catch (Exception ex) when (ex is ZooKeeperException or InvalidDataException)
        {
            _result.TrySetException(ex);
        }
    }

    public override void Fail(Exception reason) => _result.TrySetException(reason);
}
