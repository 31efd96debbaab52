using KafkaCron.Worker.Execution;

namespace KafkaCron.Worker.Tests.Execution;

/// <summary>Alone in its collection so that allocation by other tests does not blur the measurement.</summary>
[Collection(nameof(MemoryMeasurement))]
public sealed class HugeOutputTests
{
    [Fact]
    public async Task RunAsync_JobPrints200MB_KeepsMemoryBoundedAndTheTailIsTheEnd()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var result = await ProcessJobRunnerTests.Runner().RunAsync(
            ProcessJobRunnerTests.Command("head -c 200000000 /dev/zero | tr '\\0' x; echo; echo THE-END; echo err-end >&2"),
            CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        Assert.Equal(200_000_000 + "\nTHE-END\n".Length, result.StdoutBytes);
        Assert.EndsWith("xxxx\nTHE-END\n", result.StdoutTail, StringComparison.Ordinal);
        Assert.Equal(8 * 1024, result.StdoutTail.Length);
        Assert.Equal("err-end\n", result.StderrTail);
        Assert.True(allocated < 20_000_000, $"allocated {allocated} bytes while 200 MB flowed through");
    }
}

[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;
