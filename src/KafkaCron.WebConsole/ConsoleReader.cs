using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.WebConsole.DeadLetters;
using KafkaCron.WebConsole.Jobs;
using KafkaCron.WebConsole.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole;

/// <summary>
/// Everything the pages and the API read, gathered from its one source each: the job file, the runs topic, the
/// control topic, the dead-letter topics. Pages and API call the same methods, so they cannot disagree.
/// </summary>
internal sealed class ConsoleReader(
    JobCatalog catalog,
    ConsoleFeatures features,
    IDeadLetterStore deadLetters,
    Backends backends,
    IOptions<ConsoleOptions> options,
    TimeProvider time,
    ILogger<ConsoleReader> logger)
{
    /// <summary>How many next fire instants the job page lists.</summary>
    public const int NextFireCount = 5;

    public JobCatalogSnapshot Catalog => catalog.Current();

    public async Task<JobListPage> JobsAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var snapshot = catalog.Current();
        var (page, matching) = JobList.Select(snapshot.File, query);
        var warnings = new List<string>();
        var now = time.GetUtcNow();
        var paused = await PausedAsync(warnings, cancellationToken);
        var runs = new List<RunRecord>();
        if (features.History is { } history)
        {
            var since = now.AddHours(-options.Value.SummaryWindowHours);
            foreach (var cluster in page.Select(j => j.Cluster).Distinct(StringComparer.Ordinal))
            {
                var read = await TryAsync(warnings, ct => history.ReadAsync(new RunQuery(cluster, null, since, options.Value.SummaryRecordLimit), ct),
                    cancellationToken);
                runs.AddRange(read ?? []);
            }
        }

        return new JobListPage(JobList.Summarize(page, runs, paused, now), matching, snapshot.File.Jobs.Count, query, warnings);
    }

    /// <returns>Null when the job file has no job of that name.</returns>
    public async Task<JobDetails?> JobAsync(string name, int limit, CancellationToken cancellationToken)
    {
        var job = catalog.Current().Find(name);
        if (job is null)
        {
            return null;
        }

        var warnings = new List<string>();
        var paused = await PausedAsync(warnings, cancellationToken);
        IReadOnlyList<RunRecord> runs = [];
        if (features.History is { } history)
        {
            runs = await TryAsync(warnings, ct => history.ReadAsync(new RunQuery(job.Cluster, job.Name, null, limit), ct), cancellationToken) ?? [];
        }

        var now = time.GetUtcNow();
        var next = new List<DateTimeOffset>();
        if (!job.Suspend)
        {
            var schedule = FireSchedules.For(job);
            for (var at = schedule.NextAfter(now); at is { } instant && next.Count < NextFireCount; at = schedule.NextAfter(instant))
            {
                next.Add(instant);
            }
        }

        return new JobDetails(job, JobList.Summarize(job, runs, paused, now), runs.Reverse().ToList(), next, warnings);
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

    private async Task<IReadOnlySet<string>?> PausedAsync(List<string> warnings, CancellationToken cancellationToken) =>
        features.Pauses is { } pauses ? await TryAsync(warnings, pauses.ReadPausedAsync, cancellationToken) : null;

    /// <summary>A read whose backend is down leaves a warning and no value: the rest of the page still shows.</summary>
    private async Task<T?> TryAsync<T>(List<string> warnings, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await backends.CallAsync(Backends.Kafka, read, cancellationToken);
        }
        catch (BackendUnavailableException ex)
        {
            ConsoleLog.BackendUnavailable(logger, ex.Backend, "jobs", ex.Message);
            warnings.Add(ex.Message);
            return null;
        }
    }
}
