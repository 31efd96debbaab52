using System.Runtime.InteropServices;
using System.Security.Cryptography;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Scheduler.JobFiles;

/// <summary>
/// Loads the job file at start (refusing an invalid one) and reloads it, without a restart, when it changes
/// (a watcher on its directory, debounced) or on SIGHUP. A changed file that is invalid or unreadable is rejected
/// with every problem logged, and the schedule already running stays as it is.
/// </summary>
/// <remarks>
/// The directory is watched, as editors save by renaming a temporary file over the file and Kubernetes swaps a
/// <c>..data</c> symlink next to it; but only events that name the file itself, or one of Kubernetes' <c>..</c>
/// entries, lead to a read (<see cref="Concerns"/>). A log file written next to the job file must not make the
/// scheduler re-read it after every line (at 100,000 jobs that doubled its CPU). Identical content is recognised and
/// ignored.
/// </remarks>
internal sealed class JobFileMonitor : IDisposable
{
    private const string TriggerFileChange = "file change";
    private const string TriggerSignal = "SIGHUP";

    private readonly IReadOnlyCollection<string> _clusters;
    private readonly TimeSpan _debounce;
    private readonly JobFileParse _parse;
    private readonly TimeProvider _time;
    private readonly KafkaCronMetrics _metrics;
    private readonly ILogger<JobFileMonitor> _logger;
    private readonly Action<JobFile> _onLoaded;
    private readonly Lock _gate = new();
    // A digest of the applied text, not the text: the text of 100,000 jobs is 16 MB held for a comparison.
    private byte[]? _appliedDigest;
    private ITimer? _debounceTimer;
    private FileSystemWatcher? _watcher;
    private PosixSignalRegistration? _hangup;

    public JobFileMonitor(
        string path,
        IReadOnlyCollection<string> clusters,
        TimeSpan debounce,
        JobFileParse parse,
        TimeProvider time,
        KafkaCronMetrics metrics,
        ILogger<JobFileMonitor> logger,
        Action<JobFile> onLoaded)
    {
        Path = System.IO.Path.GetFullPath(path);
        _clusters = clusters;
        _debounce = debounce;
        _parse = parse;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _onLoaded = onLoaded;
    }

    public string Path { get; }

    /// <summary>Reads, validates and hands over the file. Throws <see cref="JobFileInvalidException"/> or an I/O error.</summary>
    /// <returns>The loaded file.</returns>
    public JobFile Load()
    {
        lock (_gate)
        {
            var text = File.ReadAllText(Path);
            var result = _parse(text, Path, _clusters);
            if (!result.IsValid)
            {
                throw new JobFileInvalidException(Path, result.Problems);
            }

            _appliedDigest = Digest(text);
            _onLoaded(result.JobFile!);
            Log.Loaded(_logger, Path, result.JobFile!.Jobs.Count);
            return result.JobFile;
        }
    }

    /// <summary>Starts watching for changes and SIGHUP.</summary>
    public void Start()
    {
        _debounceTimer = _time.CreateTimer(static state => ((JobFileMonitor)state!).Reload(TriggerFileChange), this,
            Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(Path)!)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Deleted += OnChanged;
        _watcher.Renamed += OnChanged;
        _watcher.Error += OnWatcherError;
        _watcher.EnableRaisingEvents = true;
        if (!OperatingSystem.IsWindows())
        {
            _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                // Without this, SIGHUP would end the process.
                context.Cancel = true;
                Reload(TriggerSignal);
            });
        }

        Log.Watching(_logger, Path);
    }

    /// <summary>Reads the file again and applies it when it is valid and different from what runs now.</summary>
    public void Reload(string trigger)
    {
        lock (_gate)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.Unreadable(_logger, Path, trigger, ex);
                CountReload(MetricTags.OutcomeFailed);
                return;
            }

            var digest = Digest(text);
            if (_appliedDigest is not null && digest.AsSpan().SequenceEqual(_appliedDigest))
            {
                Log.Unchanged(_logger, Path, trigger);
                return;
            }

            var result = _parse(text, Path, _clusters);
            if (!result.IsValid)
            {
                foreach (var problem in result.Problems)
                {
                    Log.Problem(_logger, problem.ToString());
                }

                Log.Rejected(_logger, Path, trigger, result.Problems.Count);
                CountReload(MetricTags.OutcomeFailed);
                return;
            }

            try
            {
                _onLoaded(result.JobFile!);
            }
            catch (JobFileNotAppliedException ex)
            {
                Log.NotApplied(_logger, Path, trigger, ex.Message);
                CountReload(MetricTags.OutcomeFailed);
                return;
            }

            _appliedDigest = digest;
            Log.Reloaded(_logger, Path, trigger, result.JobFile!.Jobs.Count);
            CountReload(MetricTags.OutcomeSucceeded);
        }
    }

    public void Dispose()
    {
        _hangup?.Dispose();
        _watcher?.Dispose();
        _debounceTimer?.Dispose();
    }

    private static byte[] Digest(string text) => SHA256.HashData(MemoryMarshal.AsBytes(text.AsSpan()));

    /// <summary>Whether a watcher event in the file's directory may have changed what <paramref name="fileName"/> reads.</summary>
    internal static bool Concerns(string fileName, FileSystemEventArgs e) =>
        string.Equals(e.Name, fileName, StringComparison.Ordinal)
        || (e is RenamedEventArgs renamed && string.Equals(renamed.OldName, fileName, StringComparison.Ordinal))
        // Kubernetes' atomic writer: a new ..<timestamp> directory, then ..data_tmp renamed to ..data.
        || e.Name?.StartsWith("..", StringComparison.Ordinal) == true;

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (Concerns(System.IO.Path.GetFileName(Path), e))
        {
            _debounceTimer?.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        Log.WatcherError(_logger, Path, e.GetException());
        _debounceTimer?.Change(_debounce, Timeout.InfiniteTimeSpan);
    }

    private void CountReload(string outcome) =>
        _metrics.JobFileReloads.Add(1, new KeyValuePair<string, object?>(MetricTags.Outcome, outcome));
}
