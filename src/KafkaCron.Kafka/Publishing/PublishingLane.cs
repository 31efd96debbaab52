using System.Threading.Channels;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Kafka.Publishing;

/// <summary>
/// A thread of its own that hands fires over in the order they were added, so that the scheduler's loop only queues
/// them and goes on planning the next while this one produces: at 100,000 jobs due at one second the loop and the
/// producer then work side by side on the two cores instead of one after the other (docs/decisions/native-fire-producer.md).
/// One lane keeps the order of the fires added from one thread. Thread-safe.
/// </summary>
internal sealed class PublishingLane : IDisposable
{
    private readonly Channel<OutgoingFire> _queued = Channel.CreateUnbounded<OutgoingFire>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<OutgoingFire> _handOver;
    private readonly Thread _thread;

    /// <param name="handOver">Called on the lane's thread for each fire, in order; it must not throw.</param>
    public PublishingLane(Action<OutgoingFire> handOver)
    {
        _handOver = handOver;
        _thread = new Thread(Run) { IsBackground = true, Name = "kcron-fire-lane" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="fire"/>; after <see cref="Dispose"/> it is refused.</summary>
    public void Add(OutgoingFire fire)
    {
        var queued = _queued.Writer.TryWrite(fire);
        ObjectDisposedException.ThrowIf(!queued, this);
    }

    /// <summary>Hands over every fire added so far, then ends the thread.</summary>
    public void Dispose()
    {
        if (_queued.Writer.TryComplete())
        {
            _thread.Join();
        }
    }

    private void Run()
    {
        var reader = _queued.Reader;
        do
        {
            while (reader.TryRead(out var fire))
            {
                _handOver(fire);
            }

            // While the loop hands out a second's fires, the next one comes within microseconds: a short spin keeps
            // the lane from paying (and making the loop pay) a sleep and a wake-up per fire.
            var spinner = default(SpinWait);
            while (!reader.TryPeek(out _) && !spinner.NextSpinWillYield)
            {
                spinner.SpinOnce();
            }
        }
        while (reader.TryPeek(out _) || reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult());
    }
}
