using KafkaCron.Integration.Tests.EndToEnd;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Integration.Tests.Retry;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.Overlap;

/// <summary>
/// <c>forbid</c> and <c>replace</c> with two workers in the group, one of them joining while runs are in progress
/// (a rebalance moves partitions). Each job takes a lock directory for the length of its run and notes any run
/// that finds the lock taken: the policies hold when no such note appears.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OverlapEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Stack_ForbidAndReplaceAcrossARebalance_NoRunOfAJobOverlapsAnother()
    {
        await using var stack = await KcronStack.StartAsync(2, RetryStack.Cluster);
        var overlaps = Path.Combine(stack.Directory, "overlaps");
        // The lock holds the pid of the run that took it: a run ended by SIGKILL cannot remove its lock, so a lock
        // whose holder is gone is stale, not an overlap.
        string Body(string job)
        {
            var lockDir = $"{stack.Directory}/{job}.lock";
            return $"if ! mkdir '{lockDir}' 2>/dev/null; then holder=$(cat '{lockDir}/pid' 2>/dev/null); " +
                $"if [ -n \"$holder\" ] && kill -0 \"$holder\" 2>/dev/null; then echo \"$KCRON_FIRE_ID $holder\" >> '{overlaps}'; fi; fi; " +
                $"echo $$ > '{lockDir}/pid'; " +
                $"trap 'rm -rf \"{lockDir}\"; exit 143' TERM; sleep 2.5 & wait $!; rm -rf '{lockDir}'";
        }
        // Three jobs per policy, so that both partitions hold some (fires are keyed by job) and the rebalance moves runs.
        var jobs = new[] { "forbid", "replace" }.SelectMany(policy => Enumerable.Range(1, 3).Select(i => (Name: $"{policy}-{i}", Policy: policy)));
        stack.WriteJobFile($"clusters: [{RetryStack.Cluster}]\njobs:\n" + string.Concat(jobs.Select(job => $"""
              - name: {job.Name}
                schedule: "@every 1s"
                cluster: {RetryStack.Cluster}
                concurrencyPolicy: {job.Policy}
                retry: {"{ maxAttempts: 1 }"}
                command: "{Body(job.Name).Replace("\"", "\\\"", StringComparison.Ordinal)}"

            """)));
        await RetryStack.StartWorkersAsync(stack, [("w1", false)], concurrency: 16);
        var scheduler = stack.StartScheduler();
        var w1 = stack.Processes.Single(p => p.Name == "w1");
        await w1.WaitForLineAsync("skipped: concurrencyPolicy forbid", TimeSpan.FromSeconds(30));
        await w1.WaitForLineAsync("was replaced by a newer fire", TimeSpan.FromSeconds(30));

        // A second worker joins while both jobs run: partitions move, and the moving runs stop before the new owner starts.
        await RetryStack.StartWorkersAsync(stack, [("w2", false)], concurrency: 16);
        var w2 = stack.Processes.Single(p => p.Name == "w2");
        await Eventually.TrueAsync(() => w2.Lines.Any(l => l.Contains("attempt 1", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), stack.Transcript);
        await Task.Delay(TimeSpan.FromSeconds(4)); // let both jobs fire a few more times on their owners
        scheduler.Signal(PosixSignalNumber.Terminate);
        Assert.Equal(0, await scheduler.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var lines = stack.Processes.SelectMany(p => p.Lines).ToList();
        var skipped = lines.Count(l => l.Contains("skipped: concurrencyPolicy forbid", StringComparison.Ordinal));
        var replaced = lines.Count(l => l.Contains("was replaced by a newer fire", StringComparison.Ordinal));
        var stoppedOnRevoke = lines.Count(l => l.Contains("stopped so that the new owner does not overlap it", StringComparison.Ordinal));
        output.WriteLine($"forbid skips: {skipped}, replaced runs: {replaced}, runs stopped on revoke: {stoppedOnRevoke}");
        Assert.False(File.Exists(overlaps), "overlapping runs: " + (File.Exists(overlaps) ? File.ReadAllText(overlaps) : string.Empty));
        Assert.True(skipped >= 1);
        Assert.True(replaced >= 1);
    }
}
