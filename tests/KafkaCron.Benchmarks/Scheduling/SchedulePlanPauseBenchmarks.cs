using BenchmarkDotNet.Attributes;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Benchmarks.Scheduling;

/// <summary>
/// What pausing costs the scheduler's pure core: a minute of one fire per job with a tenth of the jobs paused (their
/// instants withheld, each with a notice), and pausing then resuming one job whose catch-up replaces its queue entry.
/// Compare <c>TakeAndCompleteOneFirePerJob</c> of <see cref="SchedulePlanBenchmarks"/> for the same jobs unpaused.
/// Run: <c>dotnet run -c Release --project tests/KafkaCron.Benchmarks -- --filter *SchedulePlanPause*</c>.
/// </summary>
[MemoryDiagnoser]
public class SchedulePlanPauseBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> NonePaused = [];

    private JobFile _file = JobFile.Empty;
    private HashSet<string> _tenth = [];
    private HashSet<string> _one = [];
    private SchedulePlan _plan = SchedulePlanBenchmarks.NewPlan();

    [Params(10_000, 100_000)]
    public int Jobs { get; set; }

    [GlobalSetup]
    public void BuildJobFile()
    {
        _file = SchedulePlanBenchmarks.JobFileOf(Jobs);
        _tenth = [.. _file.Jobs.Where((_, i) => i % 10 == 0).Select(j => j.Name)];
        _one = [_file.Jobs[Jobs / 2].Name];
    }

    [IterationSetup(Target = nameof(TakeOneMinuteWithATenthPaused))]
    public void LoadPlanWithATenthPaused()
    {
        _plan = SchedulePlanBenchmarks.NewPlan();
        _plan.SetPaused(_tenth, T0);
        _plan.Apply(_file, T0);
    }

    [IterationSetup(Target = nameof(ResumeOneJobWithACatchUp))]
    public void LoadPlanWithOneJobWithheld()
    {
        _plan = SchedulePlanBenchmarks.NewPlan();
        _plan.Apply(_file, T0);
        _plan.SetPaused(_one, T0);
        while (_plan.TryTakeDue(T0 + TimeSpan.FromMinutes(1), out var fire))
        {
            _plan.Complete(fire);
        }

        _plan.DrainNotices();
    }

    /// <summary><see cref="Jobs"/> instants: nine tenths handed out and completed, one tenth withheld.</summary>
    [Benchmark]
    public int TakeOneMinuteWithATenthPaused()
    {
        var fired = 0;
        while (_plan.TryTakeDue(T0 + TimeSpan.FromMinutes(1), out var fire))
        {
            _plan.Complete(fire);
            fired++;
        }

        return fired + _plan.DrainNotices().Count;
    }

    /// <summary>One job resumed: its latest withheld instant replaces its queue entry (an O(jobs) removal).</summary>
    [Benchmark]
    public int ResumeOneJobWithACatchUp()
    {
        _plan.SetPaused(NonePaused, T0 + TimeSpan.FromMinutes(1));
        return _plan.DrainNotices().Count;
    }
}
