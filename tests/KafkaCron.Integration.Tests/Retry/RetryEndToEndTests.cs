using KafkaCron.Core.Messages;
using KafkaCron.Integration.Tests.EndToEnd;
using KafkaCron.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.Retry;

/// <summary>
/// Retries with the real programs: a broker, a scheduler, main workers and retry workers as processes. Jobs log
/// each attempt (with <c>KCRON_ATTEMPT</c>) to an <see cref="AttemptLog"/>; the retry and dead-letter topics are
/// read back to check the accounting.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RetryEndToEndTests(ITestOutputHelper output)
{
    private const int MaxAttempts = 3;
    private const string Policy = "{ maxAttempts: 3, initialDelay: 1s, multiplier: 2, maxDelay: 2s }";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stack_MixedJobs_EveryFireEndsSucceededOrDeadLetteredOnceWithinItsAttemptsAndNoRetryStartsEarly()
    {
        await using var stack = await KcronStack.StartAsync(2, RetryStack.Cluster);
        var log = new AttemptLog(Path.Combine(stack.Directory, "attempts.log"));
        stack.WriteJobFile(RetryStack.JobFile(log, Policy,
            ("ok", "@every 1s", "true"),
            // Fails its first attempt and succeeds on the retry: deterministic, so that every run of this test shows a
            // fire retried and then completed (a random one in three left 10% of runs without one).
            ("flaky", "@every 1s", "[ \"$KCRON_ATTEMPT\" -ge 2 ]"),
            ("broken", "@every 1s", "exit 3")));
        await RetryStack.StartWorkersAsync(stack, [("main-1", false), ("main-2", false), ("retry-1", true)]);
        var scheduler = stack.StartScheduler();
        await Eventually.TrueAsync(() => log.Entries().Count(e => e.IsStart && e.Attempt == 1) >= 15, Patience, stack.Transcript);
        scheduler.Signal(PosixSignalNumber.Terminate);
        Assert.Equal(0, await scheduler.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var published = RetryStack.Fires(stack, "kcron.jobs");
        var succeeded = new HashSet<string>();
        var deadLettered = new HashSet<string>();
        await Eventually.TrueAsync(() =>
        {
            succeeded = log.Entries().Where(e => !e.IsStart && e.ExitCode == 0).Select(e => e.FireId).ToHashSet();
            deadLettered = RetryStack.DeadLetters(stack).Select(d => d.Fire!.FireId).ToHashSet();
            return published.All(f => succeeded.Contains(f.FireId) || deadLettered.Contains(f.FireId));
        }, Patience, () => $"{published.Count} published, {succeeded.Count} succeeded, {deadLettered.Count} dead\n{stack.Transcript()}");

        var entries = log.Entries();
        var deadLetters = RetryStack.DeadLetters(stack);
        var retries = RetryStack.Fires(stack, "kcron.retry");
        var attemptsPerFire = entries.Where(e => e.IsStart).GroupBy(e => e.FireId).ToDictionary(g => g.Key, g => g.Select(e => e.Attempt).ToList());
        output.WriteLine($"{published.Count} fires: {succeeded.Count} succeeded, {deadLettered.Count} dead-lettered; " +
                         $"{retries.Count} retries published; {entries.Count(e => e.IsStart)} runs");
        foreach (var job in published.GroupBy(f => f.Job))
        {
            output.WriteLine($"  {job.Key}: {job.Count()} fires, {job.Count(f => succeeded.Contains(f.FireId))} succeeded, " +
                             $"{job.Count(f => deadLettered.Contains(f.FireId))} dead-lettered, " +
                             $"attempts {string.Join(",", job.GroupBy(f => attemptsPerFire[f.FireId].Max()).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
        }

        Assert.All(published, fire =>
        {
            // Exactly one end: succeeded or dead-lettered, never both, dead-lettered at most once.
            Assert.True(succeeded.Contains(fire.FireId) ^ deadLettered.Contains(fire.FireId), fire.FireId);
            Assert.True(deadLetters.Count(d => d.Fire!.FireId == fire.FireId) <= 1, fire.FireId);
            var attempts = attemptsPerFire[fire.FireId];
            Assert.True(attempts.Count <= MaxAttempts && attempts.Max() <= MaxAttempts, $"{fire.FireId}: attempts {string.Join(",", attempts)}");
            Assert.Equal(attempts.Count, attempts.Distinct().Count());
        });
        Assert.All(published.Where(f => f.Job == "ok"), f => Assert.Equal([1], attemptsPerFire[f.FireId]));
        Assert.All(published.Where(f => f.Job == "broken"), f => Assert.Contains(f.FireId, deadLettered));
        Assert.All(deadLetters, d =>
        {
            Assert.Equal("attempts-exhausted", d.Reason);
            Assert.Equal([1, 2, 3], d.Fire!.History!.Select(h => h.Attempt));
            Assert.All(d.Fire.History!, h => Assert.Equal("failed", h.Outcome));
        });
        Assert.All(published.Where(f => f.Job == "flaky"), f =>
        {
            Assert.Equal([1, 2], attemptsPerFire[f.FireId].Order());
            Assert.Contains(f.FireId, succeeded);
        });

        // Never early: each retry attempt's job saw a clock at or after the attempt's notBefore.
        var notBefore = retries.ToDictionary(r => (r.FireId, r.Attempt), r => r.NotBefore!.Value);
        var retryStarts = entries.Where(e => e.IsStart && e.Attempt > 1).ToList();
        Assert.NotEmpty(retryStarts);
        Assert.All(retryStarts, s => Assert.True(s.At >= notBefore[(s.FireId, s.Attempt)].AddMilliseconds(-1),
            $"{s.FireId} attempt {s.Attempt} started {s.At:O}, not before {notBefore[(s.FireId, s.Attempt)]:O}"));
        var lateness = retryStarts.Select(s => (s.At - notBefore[(s.FireId, s.Attempt)]).TotalMilliseconds).Order().ToList();
        output.WriteLine($"retry start after notBefore: min {lateness[0]:F0} ms, p50 {lateness[lateness.Count / 2]:F0} ms, max {lateness[^1]:F0} ms");
    }

    [Fact]
    public async Task Stack_MainAndRetryWorkerKilledMidJob_NothingLostAndAffectedFiresRunAgain()
    {
        await using var stack = await KcronStack.StartAsync(2, RetryStack.Cluster);
        var log = new AttemptLog(Path.Combine(stack.Directory, "attempts.log"));
        // The first attempt fails after a second, the second succeeds after a second: both kinds of worker are busy.
        stack.WriteJobFile(RetryStack.JobFile(log, "{ maxAttempts: 3, initialDelay: 200ms, multiplier: 1, maxDelay: 200ms }",
            Enumerable.Range(1, 4).Select(i => ($"slow-{i}", "@every 1s", "sleep 1; [ \"$KCRON_ATTEMPT\" -ge 2 ]")).ToArray()));
        await RetryStack.StartWorkersAsync(stack, [("main-1", false), ("main-2", false), ("retry-1", true), ("retry-2", true)]);
        var scheduler = stack.StartScheduler();
        // The retry worker first: once a main worker is down, the retries of its partitions wait for the failover.
        var victims = new[] { "retry-1", "main-1" }.Select(name => stack.Processes.Single(p => p.Name == name)).ToList();

        foreach (var victim in victims)
        {
            // Kill while one of its runs has started and not ended.
            await Eventually.TrueAsync(() =>
            {
                var entries = log.Entries().Where(e => e.Worker == victim.Name).ToList();
                return entries.Any(s => s.IsStart && !entries.Any(e => !e.IsStart && e.FireId == s.FireId && e.Attempt == s.Attempt));
            }, Patience, stack.Transcript);
            victim.Signal(PosixSignalNumber.Kill);
            await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        var killedAt = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(() => log.Entries().Count(e => e.IsStart && e.At > killedAt.AddSeconds(3)) >= 4, Patience, stack.Transcript);
        scheduler.Signal(PosixSignalNumber.Terminate);
        Assert.Equal(0, await scheduler.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var published = RetryStack.Fires(stack, "kcron.jobs");
        await Eventually.TrueAsync(
            () => published.All(f => log.Entries().Any(e => !e.IsStart && e.ExitCode == 0 && e.FireId == f.FireId)),
            Patience, () => $"{published.Count} published; without a successful end:\n{Unfinished(published, log)}\n{stack.Transcript()}");

        var all = log.Entries();
        var starts = all.Where(e => e.IsStart).ToList();
        var reRuns = starts.Count - starts.Select(s => (s.FireId, s.Attempt)).Distinct().Count();
        // Job processes run in their own session, so they outlive a SIGKILLed worker (docs/worker.md, worker crash).
        var killed = victims.Select(v => v.Name).ToHashSet();
        var orphansFinished = all.Count(e => !e.IsStart && killed.Contains(e.Worker) && e.At > killedAt);
        var cutShort = starts.Count(s => !all.Any(e => !e.IsStart && e.FireId == s.FireId && e.Attempt == s.Attempt && e.Worker == s.Worker));
        output.WriteLine($"{published.Count} fires, {starts.Count} runs, re-runs after the kills: {reRuns}; " +
                         $"runs of the killed workers that finished after the kill (orphaned, not killed with them): {orphansFinished}; never finished: {cutShort}");
        Assert.Empty(RetryStack.DeadLetters(stack));
        Assert.True(reRuns >= 2, $"expected the killed workers' runs to run again, saw {reRuns} re-runs");
        Assert.All(published, f => Assert.True(starts.Where(s => s.FireId == f.FireId).Max(s => s.Attempt) <= MaxAttempts));
    }

    /// <summary>Each fire that has no successful end yet, with every line the attempt log holds for it.</summary>
    private static string Unfinished(IEnumerable<FireMessage> published, AttemptLog log)
    {
        var entries = log.Entries();
        return string.Join('\n', published
            .Where(f => !entries.Any(e => !e.IsStart && e.ExitCode == 0 && e.FireId == f.FireId))
            .Select(f => $"{f.Job} {f.FireId} scheduled {f.ScheduledAt:O}: " + string.Join("; ", entries
                .Where(e => e.FireId == f.FireId)
                .Select(e => $"{(e.IsStart ? "start" : "end " + e.ExitCode)} attempt {e.Attempt} on {e.Worker} at {e.At:HH:mm:ss.fff}"))));
    }
}
