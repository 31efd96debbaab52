using BenchmarkDotNet.Attributes;
using KafkaCron.Core.Offsets;

namespace KafkaCron.Benchmarks.Offsets;

/// <summary>Cost of tracking one record from fetch to commit, in order and with completions out of order.</summary>
[MemoryDiagnoser]
public class PartitionOffsetTrackerBenchmarks
{
    private const int Records = 10_000;

    private long[] _shuffled = null!;

    [GlobalSetup]
    public void Setup()
    {
        _shuffled = Enumerable.Range(0, Records).Select(i => (long)i).ToArray();
        new Random(42).Shuffle(_shuffled);
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long? InOrder()
    {
        var tracker = new PartitionOffsetTracker();
        for (long offset = 0; offset < Records; offset++)
        {
            tracker.Fetched(offset);
            tracker.Completed(offset);
        }

        return tracker.PendingCommit;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long? OutOfOrder()
    {
        var tracker = new PartitionOffsetTracker();
        for (long offset = 0; offset < Records; offset++)
        {
            tracker.Fetched(offset);
        }

        foreach (var offset in _shuffled)
        {
            tracker.Completed(offset);
        }

        return tracker.PendingCommit;
    }
}
