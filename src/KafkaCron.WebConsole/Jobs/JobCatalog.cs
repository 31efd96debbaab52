using KafkaCron.Core.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole.Jobs;

/// <summary>
/// The job file as the scheduler sees it. Each request looks at the file's size and time stamp and re-reads it when
/// either changed, so the console never shows a job list older than the file. A changed file that is invalid is
/// not taken: the last valid one stays, and its problems are shown beside it, as the scheduler keeps running the
/// last valid schedule.
/// </summary>
internal sealed class JobCatalog(IOptions<ConsoleOptions> options, TimeProvider time, ILogger<JobCatalog> logger)
{
    // Far beyond any real job file; stops a mistaken path (a log, a disk image) from being read into memory.
    private const long MaxBytes = 16 * 1024 * 1024;

    private readonly ConsoleOptions _options = options.Value;
    private readonly Lock _gate = new();
    private (DateTime Written, long Length)? _seen;
    private JobCatalogSnapshot? _current;

    public JobCatalogSnapshot Current()
    {
        var path = _options.JobsFile;
        if (path is null)
        {
            return _current ??= new JobCatalogSnapshot(WithoutJobs(), null, [], null);
        }

        lock (_gate)
        {
            var info = new FileInfo(path);
            (DateTime, long)? stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
            if (_current is not null && stamp == _seen)
            {
                return _current;
            }

            _seen = stamp;
            _current = Load(path, info);
            return _current;
        }
    }

    private JobCatalogSnapshot Load(string path, FileInfo info)
    {
        IReadOnlyList<string> problems;
        if (!info.Exists)
        {
            problems = [$"{path}: no such job file"];
        }
        else if (info.Length > MaxBytes)
        {
            problems = [$"{path}: is {info.Length} bytes, too large for a job file (at most {MaxBytes})"];
        }
        else
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Kept(path, [$"{path}: cannot read the job file: {ex.Message}"]);
            }

            var parsed = JobFileParser.Parse(text, path, _options.Clusters);
            if (parsed.IsValid && parsed.JobFile is { } file)
            {
                ConsoleLog.JobFileLoaded(logger, path, file.Jobs.Count);
                return new JobCatalogSnapshot(file, path, [], time.GetUtcNow());
            }

            problems = parsed.Problems.Select(p => p.ToString()).ToList();
        }

        return Kept(path, problems);
    }

    private JobCatalogSnapshot Kept(string path, IReadOnlyList<string> problems)
    {
        ConsoleLog.JobFileRejected(logger, path, problems.Count, problems[0]);
        var last = _current;
        return last?.LoadedAt is not null
            ? last with { Problems = problems }
            : new JobCatalogSnapshot(WithoutJobs(), path, problems, null);
    }

    /// <summary>No job file (or none valid yet): the clusters named by settings, so dead letters and lag still show.</summary>
    private JobFile WithoutJobs() => new(_options.Clusters.Select(c => new ClusterDefinition(c)).ToList(), []);
}

/// <param name="Path">Null when the console was started without a job file.</param>
/// <param name="Problems">Why the file on disk is not the one shown (empty when it is).</param>
/// <param name="LoadedAt">When the shown file was read; null when no valid file was ever read.</param>
internal sealed record JobCatalogSnapshot(JobFile File, string? Path, IReadOnlyList<string> Problems, DateTimeOffset? LoadedAt)
{
    public IReadOnlyList<string> Clusters => File.Clusters.Select(c => c.Name).ToList();

    public JobDefinition? Find(string name) => File.Jobs.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.Ordinal));
}
