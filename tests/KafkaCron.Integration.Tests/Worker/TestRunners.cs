using System.Collections.Concurrent;
using KafkaCron.Worker.Execution;

namespace KafkaCron.Integration.Tests.Worker;

/// <summary>Records every run; runs whose job name is held wait until released (or the worker kills them).</summary>
internal sealed class RecordingRunner : IJobRunner
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();

    public ConcurrentQueue<JobRunRequest> Started { get; } = new();

    public ConcurrentQueue<JobRunRequest> Finished { get; } = new();

    public void Hold(string job) => _holds[job] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string job) => _holds[job].TrySetResult();

    public int StartedCount(string job) => Started.Count(r => r.Environment[JobEnvironment.Job] == job);

    public int FinishedCount(string job) => Finished.Count(r => r.Environment[JobEnvironment.Job] == job);

    public async Task<JobRunResult> RunAsync(JobRunRequest request, CancellationToken abort)
    {
        Started.Enqueue(request);
        var startedAt = DateTimeOffset.UtcNow;
        if (_holds.TryGetValue(request.Environment[JobEnvironment.Job], out var hold))
        {
            await hold.Task.WaitAsync(abort);
        }

        Finished.Enqueue(request);
        return new JobRunResult { Outcome = RunOutcome.Succeeded, ExitCode = 0, StartedAt = startedAt, Duration = DateTimeOffset.UtcNow - startedAt };
    }
}
