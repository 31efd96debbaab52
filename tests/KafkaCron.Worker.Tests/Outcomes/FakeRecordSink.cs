using System.Collections.Concurrent;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Worker.Outcomes;

namespace KafkaCron.Worker.Tests.Outcomes;

/// <summary>Records what was written; fails the first writes with the queued failures.</summary>
internal sealed class FakeRecordSink : IRecordSink
{
    private int _calls;

    public ConcurrentQueue<PublishFailureKind> Failures { get; } = new();

    public ConcurrentQueue<OutcomeRecord> Written { get; } = new();

    public int Calls => _calls;

    public IEnumerable<FireMessage> Fires => Written.Select(r => FireMessageCodec.Decode(r.Message.Value, "c1").Fire!);

    public IEnumerable<DeadLetter> DeadLetters => Written.Select(r => FireMessageCodec.DecodeDeadLetter(r.Message.Value)!);

    public Task WriteAsync(OutcomeRecord record, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Failures.TryDequeue(out var kind))
        {
            throw new FirePublishException("broker says no", kind, null);
        }

        Written.Enqueue(record);
        return Task.CompletedTask;
    }
}
