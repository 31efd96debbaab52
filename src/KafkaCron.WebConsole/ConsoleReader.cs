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
/// Everything the pages and the API read, gathered from its one source each: the job file, the runs topics (a job's
/// runs through <see cref="IRunHistoryReader"/>, as <c>kcron history</c> reads them; every job's last runs through
/// <see cref="RecentRunsFollower"/>), the control topic (<see cref="IPauseStateReader"/>, as <c>kcron status</c>), the
/// dead-letter topics. Pages and API call the same methods, so they cannot disagree.
/// </summary>
internal sealed class ConsoleReader(
    JobCatalog catalog,
    IRunHistoryReader history,
    RecentRunsFollower recentRuns,
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

    /// <summary>How far back a job's runs are read, and the jobs list's follow of each runs topic began.</summary>
    public TimeSpan Window => TimeSpan.FromHours(options.Value.HistoryWindowHours);

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
        var clusters = page.Select(j => j.Cluster).Distinct(StringComparer.Ordinal).ToList();
        var runs = await Task.WhenAll(clusters.Select(cluster => recentRuns.ReadAsync(cluster, cancellationToken)));
        var state = await paused;
        var books = clusters.Zip(runs, (cluster, read) => (cluster, read.Runs)).ToDictionary(c => c.cluster, c => c.Runs, StringComparer.Ordinal);
        var warnings = runs.Select(r => r.Warning).Prepend(state.Warning).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new JobListPage(JobList.Summarize(page, job => books[job.Cluster].Find(job.Name), state.Value, now), matching, snapshot.File.Jobs.Count,
            query, warnings);
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
        return new JobDetails(job, JobList.Summarize(job, RecentRuns.Of(found).Find(job.Name), state.Value, now), [.. found.Reverse()], runs.Value?.Matched ?? 0, next,
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
