using System.Collections.Concurrent;
using KafkaCron.Worker.Execution;

namespace KafkaCron.Worker.Tests.Pipeline;

/// <summary>
/// A job runner without processes: each run yields (so slots really interleave), then succeeds; a job listed in
/// <see cref="Held"/> runs until its token is cancelled.
/// </summary>
internal sealed class StubRunner(TimeProvider time) : IJobRunner
{
    public ConcurrentQueue<JobRunRequest> Started { get; } = new();

    public ConcurrentDictionary<string, TaskCompletionSource> Held { get; } = new(StringComparer.Ordinal);

    public async Task<JobRunResult> RunAsync(JobRunRequest request, CancellationToken abort)
    {
        Started.Enqueue(request);
        var startedAt = time.GetUtcNow();
        if (Held.TryGetValue(request.Environment[JobEnvironment.Job], out var held))
        {
            held.TrySetResult();
            await Task.Delay(Timeout.Infinite, abort);
        }

        await Task.Yield();
        return new JobRunResult { Outcome = RunOutcome.Succeeded, ExitCode = 0, StartedAt = startedAt, Duration = TimeSpan.Zero };
    }
}
