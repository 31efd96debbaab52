using System.Collections.Concurrent;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Scheduler.Tests.TestSupport;

/// <summary>Records every publication attempt, decoded from the bytes the engine hands over; fails or holds them as a test decides.</summary>
internal sealed class RecordingPublisher : IFirePublisher
{
    private readonly ConcurrentQueue<FireMessage> _attempts = new();
    private readonly ConcurrentQueue<FireMessage> _published = new();
    private long _offset;

    /// <summary>Decides per attempt: null publishes, an exception fails the attempt.</summary>
    public Func<FireMessage, Exception?> Behaviour { get; set; } = _ => null;

    /// <summary>When set, outcomes wait for it to complete (the behaviour is applied then).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public IReadOnlyList<FireMessage> Attempts => [.. _attempts];

    public IReadOnlyList<FireMessage> Published => [.. _published];

    public void Publish(OutgoingFire fire)
    {
        var message = Decode(fire);
        _attempts.Enqueue(message);
        if (Gate is { Task.IsCompleted: false } gate)
        {
            _ = gate.Task.ContinueWith(_ => Finish(fire, message), TaskScheduler.Default);
            return;
        }

        Finish(fire, message);
    }

    /// <summary>What a worker would read: the engine's bytes must decode to the fire it meant.</summary>
    public static FireMessage Decode(OutgoingFire fire)
    {
        var decoded = FireMessageCodec.Decode(fire.Value, fire.Cluster);
        Assert.True(decoded.IsSuccess, decoded.Error);
        Assert.Equal(fire.FireId, decoded.Fire.FireId);
        Assert.Equal(decoded.Fire.Job, System.Text.Encoding.UTF8.GetString(fire.Key));
        return decoded.Fire;
    }

    private void Finish(OutgoingFire fire, FireMessage message)
    {
        if (Behaviour(message) is { } failure)
        {
            fire.Failed(failure);
            return;
        }

        _published.Enqueue(message);
        fire.Delivered(new FireReceipt("kcron.jobs." + message.Cluster, 0, Interlocked.Increment(ref _offset) - 1));
    }
}
