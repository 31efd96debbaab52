using System.Diagnostics;
using System.Runtime.InteropServices;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Telemetry;
using KafkaCron.Scheduler.JobFiles;
using KafkaCron.Scheduler.Tests.Engine;
using KafkaCron.Scheduler.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace KafkaCron.Scheduler.Tests.JobFiles;

public sealed class JobFileMonitorTests : IDisposable
{
    private const int SignalHangup = 1;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("kcron-jobs-");
    private readonly FakeTimeProvider _time = new(Jobs.T0);
    private readonly MetricsRecorder _metrics = new();
    private readonly CapturingLogger<JobFileMonitor> _logger = new();
    private readonly List<JobFile> _loaded = [];
    private readonly JobFileMonitor _monitor;
    private string? _refusal;

    public JobFileMonitorTests()
    {
        _monitor = new JobFileMonitor(JobsPath, ["cluster-a"], TimeSpan.FromMilliseconds(500), Parse, _time, _metrics.Metrics, _logger,
            file =>
            {
                if (_refusal is { } reason)
                {
                    throw new JobFileNotAppliedException(reason);
                }

                lock (_loaded)
                {
                    _loaded.Add(file);
                }
            });
    }

    private string JobsPath => Path.Combine(_directory.FullName, "jobs.yaml");

    [Fact]
    public void Load_ValidFile_HandsItOver()
    {
        File.WriteAllText(JobsPath, "a every 10s\nb every 5s\n");

        _monitor.Load();

        Assert.Equal(["a", "b"], Assert.Single(_loaded).Jobs.Select(j => j.Name));
    }

    [Fact]
    public void Load_InvalidFile_ThrowsWithEveryProblemAndHandsNothingOver()
    {
        File.WriteAllText(JobsPath, "a every 10s\n!bad schedule\n!unknown cluster\n");

        var failure = Assert.Throws<JobFileInvalidException>(_monitor.Load);

        Assert.Equal([$"{JobsPath}:2:1: bad schedule", $"{JobsPath}:3:1: unknown cluster"], failure.Problems.Select(p => p.ToString()));
        Assert.Empty(_loaded);
    }

    [Fact]
    public void Reload_ChangedValidFile_AppliesItAndCountsASuccess()
    {
        File.WriteAllText(JobsPath, "a every 10s\n");
        _monitor.Load();
        File.WriteAllText(JobsPath, "a every 10s\nb every 5s\n");

        _monitor.Reload("test");

        Assert.Equal(2, _loaded[^1].Jobs.Count);
        var reload = Assert.Single(_metrics.Of(KafkaCronMetricsNames.JobFileReloads));
        Assert.Equal(MetricTags.OutcomeSucceeded, reload.Tags[MetricTags.Outcome]);
    }

    [Fact]
    public void Reload_InvalidFile_KeepsTheRunningScheduleAndLogsEveryProblem()
    {
        File.WriteAllText(JobsPath, "a every 10s\n");
        _monitor.Load();
        File.WriteAllText(JobsPath, "!first\na every 10s\n!second\n");

        _monitor.Reload("test");

        Assert.Single(_loaded);
        Assert.Equal(
            [$"Job file problem: {JobsPath}:1:1: first", $"Job file problem: {JobsPath}:3:1: second"],
            _logger.OfEvent(2105).Select(e => e.Message));
        var reload = Assert.Single(_metrics.Of(KafkaCronMetricsNames.JobFileReloads));
        Assert.Equal(MetricTags.OutcomeFailed, reload.Tags[MetricTags.Outcome]);
    }

    [Fact]
    public void Reload_ValidFileThatCannotBeAppliedYet_KeepsTheRunningScheduleAndTriesAgainLater()
    {
        File.WriteAllText(JobsPath, "a every 10s\n");
        _monitor.Load();
        File.WriteAllText(JobsPath, "a every 10s\nb every 5s\n");
        _refusal = "the topics of the new cluster(s) cluster-c are not available";

        _monitor.Reload("test");

        Assert.Single(_loaded);
        Assert.Contains("cluster-c are not available", Assert.Single(_logger.OfEvent(2109)).Message, StringComparison.Ordinal);
        Assert.Equal(MetricTags.OutcomeFailed, Assert.Single(_metrics.Of(KafkaCronMetricsNames.JobFileReloads)).Tags[MetricTags.Outcome]);

        // The same text again (the topics were created meanwhile) is applied, not taken for the running schedule.
        _refusal = null;
        _monitor.Reload("SIGHUP");

        Assert.Equal(2, _loaded[^1].Jobs.Count);
    }

    [Fact]
    public void Reload_InvalidThenValidAgain_AppliesTheValidOne()
    {
        File.WriteAllText(JobsPath, "a every 10s\n");
        _monitor.Load();
        File.WriteAllText(JobsPath, "!broken\n");
        _monitor.Reload("test");
        File.WriteAllText(JobsPath, "a every 10s\n");

        _monitor.Reload("test");

        // The same text as the running schedule: nothing to apply, nothing counted.
        Assert.Single(_loaded);
        Assert.Single(_logger.OfEvent(2104));
    }

    [Fact]
    public void Reload_UnchangedFile_AppliesNothing()
    {
        File.WriteAllText(JobsPath, "a every 10s\n");
        _monitor.Load();

        _monitor.Reload("test");

        Assert.Single(_loaded);
        Assert.Empty(_metrics.Of(KafkaCronMetricsNames.JobFileReloads));
    }

    [Fact]
    public void Reload_FileDeleted_KeepsTheRunningScheduleAndCountsAFailure()
    {
        File.WriteAllText(JobsPath, "a every 10s\n");
        _monitor.Load();
        File.Delete(JobsPath);

        _monitor.Reload("test");

        Assert.Single(_loaded);
        Assert.Single(_logger.OfEvent(2107));
        Assert.Equal(MetricTags.OutcomeFailed, Assert.Single(_metrics.Of(KafkaCronMetricsNames.JobFileReloads)).Tags[MetricTags.Outcome]);
    }

    [Fact]
    public async Task Start_FileReplacedByRename_ReloadsAfterTheDebounce()
    {
        File.WriteAllText(JobsPath, "a every 10s\n");
        _monitor.Load();
        _monitor.Start();

        // Editors save by writing a temporary file and renaming it over the original.
        var temporary = Path.Combine(_directory.FullName, ".jobs.yaml.tmp");
        File.WriteAllText(temporary, "a every 10s\nb every 5s\n");
        File.Move(temporary, JobsPath, overwrite: true);

        var watch = Stopwatch.StartNew();
        while (LoadedCount() < 2)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the change was never reloaded");
            _time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(20);
        }

        Assert.Equal(2, _loaded[^1].Jobs.Count);
    }

    [SkippableFact]
    public async Task Start_Sighup_ReloadsAtOnceWithoutWaitingForTheDebounce()
    {
        // .NET keeps a SIGHUP that was ignored when the process started (nohup) ignored: no handler ever runs then.
        Skip.If(SighupIgnoredSinceStart(), "this test process was started with SIGHUP ignored (nohup), so .NET never delivers it");
        File.WriteAllText(JobsPath, "a every 10s\n");
        _monitor.Load();
        _monitor.Start();
        // Written before the watcher can matter: the fake clock never runs the debounce in this test.
        File.WriteAllText(JobsPath, "a every 10s\nb every 5s\n");

        Assert.Equal(0, Kill(Environment.ProcessId, SignalHangup));

        var watch = Stopwatch.StartNew();
        while (LoadedCount() < 2)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "SIGHUP did not reload the job file");
            await Task.Delay(20);
        }

        Assert.Contains(_logger.OfEvent(2103), e => (string)e.Values["Trigger"]! == "SIGHUP");
    }

    [Theory]
    [InlineData(WatcherChangeTypes.Changed, "jobs.yaml", null, true)]
    [InlineData(WatcherChangeTypes.Created, "jobs.yaml", null, true)]
    [InlineData(WatcherChangeTypes.Deleted, "jobs.yaml", null, true)]
    [InlineData(WatcherChangeTypes.Renamed, "jobs.yaml", ".jobs.yaml.tmp", true)]
    [InlineData(WatcherChangeTypes.Renamed, "jobs.yaml.bak", "jobs.yaml", true)]
    [InlineData(WatcherChangeTypes.Renamed, "..data", "..data_tmp", true)]
    [InlineData(WatcherChangeTypes.Created, "..2026_12_03_12_00_00.123", null, true)]
    [InlineData(WatcherChangeTypes.Changed, "scheduler.log", null, false)]
    [InlineData(WatcherChangeTypes.Created, ".jobs.yaml.tmp", null, false)]
    [InlineData(WatcherChangeTypes.Renamed, "scheduler.log.1", "scheduler.log", false)]
    public void Concerns_EventInTheDirectory_OnlyWhenItNamesTheFileOrKubernetesEntries(
        WatcherChangeTypes change, string name, string? oldName, bool expected)
    {
        FileSystemEventArgs e = oldName is null
            ? new FileSystemEventArgs(change, _directory.FullName, name)
            : new RenamedEventArgs(change, _directory.FullName, name, oldName);

        Assert.Equal(expected, JobFileMonitor.Concerns("jobs.yaml", e));
    }

    [Fact]
    public void Start_NoChange_DoesNotReload()
    {
        File.WriteAllText(JobsPath, "a every 10s\n");
        _monitor.Load();
        _monitor.Start();

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Single(_loaded);
    }

    public void Dispose()
    {
        _monitor.Dispose();
        _metrics.Dispose();
        _directory.Delete(recursive: true);
    }

    private static bool SighupIgnoredSinceStart()
    {
        var ignored = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return (Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16) & (1UL << (SignalHangup - 1))) != 0;
    }

    private int LoadedCount()
    {
        lock (_loaded)
        {
            return _loaded.Count;
        }
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    /// <summary>A stand-in parser: one job per line, <c>NAME SCHEDULE</c>; a line <c>!MESSAGE</c> is a problem.</summary>
    private static JobFileParseResult Parse(string text, string path, IReadOnlyCollection<string> clusters)
    {
        var jobs = new List<JobDefinition>();
        var problems = new List<JobFileProblem>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('!'))
            {
                problems.Add(new JobFileProblem(path, i + 1, 1, line[1..]));
                continue;
            }

            var parts = line.Split(' ', 2);
            jobs.Add(Jobs.Job(parts[0], parts[1], clusters.First()));
        }

        return new JobFileParseResult(problems.Count == 0 ? Jobs.File([.. jobs]) : null, problems);
    }
}
