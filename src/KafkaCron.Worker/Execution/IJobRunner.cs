namespace KafkaCron.Worker.Execution;

/// <summary>Runs one job to its end. Never throws for anything the job did; a spawn failure is an outcome too.</summary>
internal interface IJobRunner
{
    /// <param name="request">What to run.</param>
    /// <param name="abort">
    /// Worker shutdown ran out of grace: the run is terminated and <see cref="OperationCanceledException"/> thrown
    /// (unlike the job's own timeout, which is an outcome).
    /// </param>
    Task<JobRunResult> RunAsync(JobRunRequest request, CancellationToken abort);
}
