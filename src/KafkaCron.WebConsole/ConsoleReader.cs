using KafkaCron.Core.Control;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Core.Scheduling;
using KafkaCron.WebConsole.DeadLetters;
using KafkaCron.WebConsole.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole;

/// <summary>
/// Everything the pages and the API read, gathered from its one source each: the job file, the runs topics
/// (<see cref="IRunHistoryReader"/>, as <c>kcron history</c>), the control topic (<see cref="IPauseStateReader"/>, as
/// <c>kcron status</c>), the dead-letter topics. Pages and API call the same methods, so they cannot disagree.
/// </summary>
internal sealed class ConsoleReader(
    JobCatalog catalog,
    IRunHistoryReader history,
    IPauseStateReader pauses,
    IDeadLetterStore deadLetters,
    Backends backends,
    IOptions<ConsoleOptions> options,
    TimeProvider time,
    ILogger<ConsoleReader> logger)
{
    /// <summary>How many next fire instants the job page lists.</summary>
    public const int NextFireCount = 5;

    public JobCatalogSnapshot Catalog => catalog.Current();

    /// <summary>How far back the run history is read: the jobs list's summaries and a job's runs.</summary>
    public TimeSpan Window => TimeSpan.FromHours(options.Value.SummaryWindowHours);

    public async Task<JobListPage> JobsAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var snapshot = catalog.Current();
        var (page, matching) = JobList.Select(snapshot.File, query);
        if (page.Count == 0)
        {
            return new JobListPage([], matching, snapshot.File.Jobs.Count, query, []);
        }

        var now = time.GetUtcNow();
        // The control topic and each cluster's runs at once: the page waits for the slowest read, not for their sum.
        var paused = TryAsync(pauses.ReadAsync, cancellationToken);
        var runs = page.Select(j => j.Cluster).Distinct(StringComparer.Ordinal)
            .Select(cluster => TryAsync(ct => history.ReadAsync(new RunHistoryQuery
            {
                Cluster = cluster,
                Since = now - Window,
                Limit = options.Value.SummaryRecordLimit,
            }, ct), cancellationToken))
            .ToList();
        var histories = await Task.WhenAll(runs);
        var state = await paused;
        var warnings = histories.Select(h => h.Warning).Prepend(state.Warning).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var records = histories.SelectMany(h => h.Value?.Runs ?? []);
        return new JobListPage(JobList.Summarize(page, records, state.Value, now), matching, snapshot.File.Jobs.Count, query, warnings);
    }

    /// <returns>Null when the job file has no job of that name.</returns>
    public async Task<JobDetails?> JobAsync(string name, int limit, CancellationToken cancellationToken)
    {
        var job = catalog.Current().Find(name);
        if (job is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var paused = TryAsync(pauses.ReadAsync, cancellationToken);
        var runs = await TryAsync(ct => history.ReadAsync(new RunHistoryQuery { Cluster = job.Cluster, Job = job.Name, Since = now - Window, Limit = limit }, ct),
            cancellationToken);
        var state = await paused;
        var next = new List<DateTimeOffset>();
        if (!job.Suspend)
        {
            var schedule = FireSchedules.For(job);
            for (var at = schedule.NextAfter(now); at is { } instant && next.Count < NextFireCount; at = schedule.NextAfter(instant))
            {
                next.Add(instant);
            }
        }

        var found = runs.Value?.Runs ?? [];
        return new JobDetails(job, JobList.Summarize(job, found, state.Value, now), found.Reverse().ToList(), runs.Value?.Matched ?? 0, next,
            new[] { state.Warning, runs.Warning }.OfType<string>().Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The newest dead letters of one cluster, newest first.</summary>
    public async Task<IReadOnlyList<DeadLetterRow>> DeadLettersAsync(string cluster, CancellationToken cancellationToken)
    {
        var entries = await backends.CallAsync(Backends.Kafka, ct => Task.FromResult(deadLetters.ReadNewest(cluster, ct)), cancellationToken);
        return entries
            .Select(e => DeadLetterRow.From(cluster, e))
            .OrderByDescending(r => r.DeadLetteredAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(r => r.Offset)
            .ToList();
    }

    /// <returns>The dead-lettered fire with that id among the newest the console reads; null when none is.</returns>
    public async Task<FireMessage?> DeadLetteredFireAsync(string cluster, string fireId, CancellationToken cancellationToken)
    {
        var entries = await backends.CallAsync(Backends.Kafka, ct => Task.FromResult(deadLetters.ReadNewest(cluster, ct)), cancellationToken);
        return entries.Select(e => e.DeadLetter?.Fire).OfType<FireMessage>().LastOrDefault(f => f.FireId == fireId);
    }

    /// <summary>A read whose backend is down leaves a warning and no value: the rest of the page still shows.</summary>
    private async Task<(T? Value, string? Warning)> TryAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await backends.CallAsync(Backends.Kafka, read, cancellationToken), null);
        }
        catch (BackendUnavailableException ex)
        {
            ConsoleLog.BackendUnavailable(logger, ex.Backend, "jobs", ex.Message);
            return (null, ex.Message);
        }
    }
}
