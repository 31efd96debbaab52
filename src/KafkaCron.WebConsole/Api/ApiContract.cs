using KafkaCron.Core.Control;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Runs;
using KafkaCron.Core.Scheduling;
using KafkaCron.WebConsole.DeadLetters;
using KafkaCron.WebConsole.Jobs;
using KafkaCron.WebConsole.Status;

namespace KafkaCron.WebConsole.Api;

// The JSON shapes of /api/v1, documented at /openapi/v1.json and in docs/console.md. Names are camelCase on the wire.

/// <summary><c>GET /api/v1/jobs</c>.</summary>
internal sealed record JobsResponse(IReadOnlyList<JobItem> Jobs, int Page, int PageSize, int Matching, int Total);

/// <param name="Paused">Null when the console could not read the control topic.</param>
/// <param name="Pause">Who paused the job, when and why, while it is paused.</param>
/// <param name="SuccessRate">Succeeded share of the job's recent runs, 0 to 1; null without runs.</param>
internal sealed record JobItem(
    string Name, string Cluster, string Schedule, string TimeZone, DateTimeOffset? NextFireAt, bool? Paused, PauseItem? Pause, bool Suspended,
    RunItem? LastRun, double? SuccessRate)
{
    public static JobItem From(JobSummary job) => new(job.Name, job.Cluster, job.Schedule, job.TimeZone, job.NextFireAt, job.Paused,
        job.Pause is { } pause ? PauseItem.From(pause) : null, job.Suspended, job.LastRun is { } run ? RunItem.From(run, withOutput: false) : null,
        job.SuccessRate);
}

/// <summary>A job's pause as the control topic holds it.</summary>
internal sealed record PauseItem(string By, DateTimeOffset At, string? Reason)
{
    public static PauseItem From(JobPause pause) => new(pause.By, pause.At, pause.Reason);
}

/// <summary>One attempt, from its run record (docs/message-format.md): the fields <c>kcron history --json</c> prints, output under shorter names.</summary>
/// <param name="Trigger"><c>scheduled</c> or <c>manual</c>.</param>
/// <param name="StartedAt">Null when the command never started (skipped, withheld, replaced before it started).</param>
/// <param name="Detail">Why it ended so, in words: a spawn error, why it was skipped, who paused the job.</param>
/// <param name="Stdout">The tail of the command's standard output as the worker kept it; omitted in the jobs list.</param>
internal sealed record RunItem(
    string FireId, int Attempt, string Trigger, string Outcome, int? ExitCode, int? Signal, DateTimeOffset ScheduledAt, DateTimeOffset? StartedAt,
    DateTimeOffset FinishedAt, double? DurationSeconds, string? Worker, string? Detail, string? Stdout, string? Stderr)
{
    public static RunItem From(RunRecord run, bool withOutput) => new(run.FireId, run.Attempt, run.Trigger, run.Outcome, run.ExitCode, run.Signal,
        run.ScheduledAt, run.StartedAt, run.FinishedAt, run.DurationSeconds, run.Worker, run.Detail,
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

/// <summary><c>POST /api/v1/jobs/{name}/trigger</c>: 202, the manual fire is on the cluster's jobs topic, at that partition and offset.</summary>
internal sealed record TriggerResponse(string Job, string Cluster, string FireId, string ConcurrencyPolicy, string Topic, int Partition, long Offset)
{
    public static TriggerResponse From(JobDefinition job, ManualFire manual) => new(job.Name, job.Cluster, manual.Fire.FireId,
        ConcurrencyPolicyNames.Of(job.ConcurrencyPolicy), manual.Receipt.Topic, manual.Receipt.Partition, manual.Receipt.Offset);
}

/// <summary>The optional body of <c>POST /api/v1/jobs/{name}/pause</c> (JSON; the page's form sends the same field).</summary>
internal sealed record PauseBody(string? Reason);

/// <summary><c>POST /api/v1/jobs/{name}/pause|resume</c>: the job's state now, and whether anything was written.</summary>
/// <param name="Written">False for a resume of a job that was not paused: nothing was written.</param>
/// <param name="By">Who paused or resumed it last (the console writes as <c>console@host</c>); null when it never was.</param>
internal sealed record PauseResponse(string Job, bool Paused, bool Written, string? By, DateTimeOffset? At, string? Reason)
{
    public static PauseResponse From(PauseChange change)
    {
        var state = change.Written ?? change.Before;
        return new PauseResponse(change.Job, change.IsPaused, change.Written is not null, state?.By, state?.At, state?.Reason);
    }
}

/// <summary><c>POST /api/v1/dead-letters/{id}/replay</c>: 202, the fire is back on its jobs topic as a first attempt.</summary>
internal sealed record ReplayResponse(string FireId, string Job, string Cluster, int Attempts);
