using KafkaCron.WebConsole.DeadLetters;
using KafkaCron.WebConsole.Jobs;
using KafkaCron.WebConsole.Runs;
using KafkaCron.WebConsole.Status;

namespace KafkaCron.WebConsole.Api;

// The JSON shapes of /api/v1, documented at /openapi/v1.json and in docs/console.md. Names are camelCase on the wire.

/// <summary><c>GET /api/v1/jobs</c>.</summary>
internal sealed record JobsResponse(IReadOnlyList<JobItem> Jobs, int Page, int PageSize, int Matching, int Total);

/// <param name="Paused">Null when this console cannot tell (no pause control).</param>
/// <param name="SuccessRate">Succeeded share of the job's recent runs, 0 to 1; null without runs.</param>
internal sealed record JobItem(
    string Name, string Cluster, string Schedule, string TimeZone, DateTimeOffset? NextFireAt, bool? Paused, bool Suspended, RunItem? LastRun,
    double? SuccessRate)
{
    public static JobItem From(JobSummary job) => new(job.Name, job.Cluster, job.Schedule, job.TimeZone, job.NextFireAt, job.Paused, job.Suspended,
        job.LastRun is { } run ? RunItem.From(run, withOutput: false) : null, job.SuccessRate);
}

/// <param name="Stdout">The tail of the command's standard output as the worker kept it; omitted in the jobs list.</param>
internal sealed record RunItem(
    string FireId, int Attempt, string Outcome, int? ExitCode, int? Signal, DateTimeOffset ScheduledAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, double? DurationSeconds, string? Worker, string? Trigger, string? Stdout, string? Stderr)
{
    public static RunItem From(RunRecord run, bool withOutput) => new(run.FireId, run.Attempt, run.Outcome, run.ExitCode, run.Signal,
        run.ScheduledAt, run.StartedAt, run.FinishedAt, run.Duration?.TotalSeconds, run.Worker, run.Trigger,
        withOutput ? run.StdoutTail : null, withOutput ? run.StderrTail : null);
}

/// <summary><c>GET /api/v1/jobs/{name}/runs</c>: newest first.</summary>
internal sealed record RunsResponse(string Job, string Cluster, IReadOnlyList<RunItem> Runs);

/// <summary><c>GET /api/v1/dead-letters</c>: newest first, per cluster asked for.</summary>
internal sealed record DeadLettersResponse(IReadOnlyList<DeadLetterRow> DeadLetters);

/// <summary><c>GET /api/v1/status</c>.</summary>
internal sealed record StatusResponse(ElectionItem Election, IReadOnlyList<ClusterView> Clusters, DateTimeOffset ReadAt)
{
    public static StatusResponse From(ConsoleStatus status)
    {
        var election = status.Election;
        var candidates = election.Status?.Candidates ?? [];
        return new StatusResponse(
            new ElectionItem(election.Configured, election.Error, candidates.Count > 0 ? candidates[0].ReplicaId : null, election.Status?.Epoch,
                candidates.Skip(1).Select(c => c.ReplicaId).ToList(), election.Status?.Checkpoint?.WrittenAt, election.Status?.Checkpoint?.Epoch,
                election.Status?.CheckpointError),
            status.Clusters,
            status.ReadAt);
    }
}

/// <param name="Configured">False when the console was started without --zookeeper.</param>
/// <param name="Leader">The leading replica's id; null when none leads.</param>
internal sealed record ElectionItem(
    bool Configured, string? Error, string? Leader, long? Epoch, IReadOnlyList<string> Standbys, DateTimeOffset? CheckpointWrittenAt,
    long? CheckpointEpoch, string? CheckpointError);

/// <summary><c>POST /api/v1/jobs/{name}/trigger</c>: 202, the manual fire is on its way.</summary>
internal sealed record TriggerResponse(string Job, string FireId);

/// <summary><c>POST /api/v1/jobs/{name}/pause|resume</c>.</summary>
internal sealed record PauseResponse(string Job, bool Paused);

/// <summary><c>POST /api/v1/dead-letters/{id}/replay</c>: 202, the fire is back on its jobs topic as a first attempt.</summary>
internal sealed record ReplayResponse(string FireId, string Job, string Cluster, int Attempts);
