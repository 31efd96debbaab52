using BenchmarkDotNet.Attributes;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Benchmarks.Scheduling;

/// <summary>
/// Cost of the scheduler's pure core for many jobs: loading a job file, reloading it unchanged, and handing out
/// plus completing one fire of every job (a minute's worth: jobs are spread evenly over a 60 s period).
/// Run: <c>dotnet run -c Release --project tests/KafkaCron.Benchmarks -- --filter *SchedulePlan*</c>.
/// </summary>
[MemoryDiagnoser]
public class SchedulePlanBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private JobFile _file = JobFile.Empty;
    private SchedulePlan _plan = new(_ => new EveryMinute(TimeSpan.Zero));

    [Params(10_000, 100_000)]
    public int Jobs { get; set; }

    [GlobalSetup]
    public void BuildJobFile() => _file = JobFileOf(Jobs);

    /// <summary><paramref name="jobs"/> jobs spread evenly over a minute.</summary>
    internal static JobFile JobFileOf(int jobs) => new(
        [new ClusterDefinition("cluster-a")],
        [.. Enumerable.Range(0, jobs).Select(i => new JobDefinition
        {
            Name = $"job-{i}",
            // The offset rides in the schedule text; the factory below reads it back.
            Schedule = $"{i * 60_000L / jobs}",
            Cluster = "cluster-a",
            Command = "true",
        })]);

    [IterationSetup]
    public void LoadPlan()
    {
        _plan = NewPlan();
        _plan.Apply(_file, T0);
    }

    /// <summary>Pops every job's due fire and plans its next one: <see cref="Jobs"/> fires.</summary>
    [Benchmark]
    public int TakeAndCompleteOneFirePerJob()
    {
        var fired = 0;
        while (_plan.TryTakeDue(T0 + TimeSpan.FromMinutes(1), out var fire))
        {
            _plan.Complete(fire);
            fired++;
        }

        return fired;
    }

    /// <summary>A reload in which every job keeps its position.</summary>
    [Benchmark]
    public PlanChanges ReloadUnchanged() => _plan.Apply(_file, T0 + TimeSpan.FromSeconds(1));

    /// <summary>Loading the file into an empty plan: one schedule consultation per job, then one heapify.</summary>
    [Benchmark]
    public PlanChanges LoadIntoEmptyPlan() => NewPlan().Apply(_file, T0);

    internal static SchedulePlan NewPlan() =>
        new(job => new EveryMinute(TimeSpan.FromMilliseconds(long.Parse(job.Schedule, System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>Every minute at a fixed offset into it.</summary>
    private sealed class EveryMinute(TimeSpan offset) : IFireSchedule
    {
        private static readonly long Period = TimeSpan.FromMinutes(1).Ticks;

        public DateTimeOffset? NextAfter(DateTimeOffset after)
        {
            var ticks = after.UtcTicks - offset.Ticks;
            var next = ((ticks / Period) + 1) * Period;
            return new DateTimeOffset(next + offset.Ticks, TimeSpan.Zero);
        }
    }
}
