using System.Collections.Concurrent;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Scheduler.Tests.TestSupport;

/// <summary>Records every publication attempt; fails or holds them as a test decides.</summary>
internal sealed class RecordingPublisher : IFirePublisher
{
    private readonly ConcurrentQueue<FireMessage> _attempts = new();
    private readonly ConcurrentQueue<FireMessage> _published = new();

    /// <summary>Decides per attempt: null publishes, an exception fails the attempt.</summary>
    public Func<FireMessage, Exception?> Behaviour { get; set; } = _ => null;

    /// <summary>When set, publications wait for it to complete (after the behaviour is applied).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public IReadOnlyList<FireMessage> Attempts => [.. _attempts];

    public IReadOnlyList<FireMessage> Published => [.. _published];

    private long _offset;

    public async Task<FireReceipt> PublishAsync(FireMessage fire, CancellationToken cancellationToken)
    {
        _attempts.Enqueue(fire);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Behaviour(fire) is { } failure)
        {
            throw failure;
        }

        _published.Enqueue(fire);
        return new FireReceipt("kcron.jobs." + fire.Cluster, 0, Interlocked.Increment(ref _offset) - 1);
    }
}
