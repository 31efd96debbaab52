using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Worker.Retry;

namespace KafkaCron.Worker.Tests.Retry;

/// <summary>Records what was written; fails the first writes with the queued failures.</summary>
internal sealed class FakeFailureWriter : IFailureWriter
{
    public Queue<PublishFailureKind> Failures { get; } = new();

    public List<FireMessage> Retries { get; } = [];

    public List<(string Key, DeadLetter DeadLetter)> DeadLetters { get; } = [];

    public int Calls { get; private set; }

    public Task WriteRetryAsync(FireMessage next, CancellationToken cancellationToken)
    {
        Fail();
        Retries.Add(next);
        return Task.CompletedTask;
    }

    public Task WriteDeadLetterAsync(string key, DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        Fail();
        DeadLetters.Add((key, deadLetter));
        return Task.CompletedTask;
    }

    private void Fail()
    {
        Calls++;
        if (Failures.TryDequeue(out var kind))
        {
            throw new FirePublishException("broker says no", kind, null);
        }
    }
}
