using System.Diagnostics.Metrics;
using System.Text.Json;
using Confluent.Kafka;
using Json.Schema;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Core.Telemetry;
using KafkaCron.Cli.Commands;
using KafkaCron.Integration.Tests.Cli;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Integration.Tests.Observability;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.EndToEnd;

/// <summary>
/// A scheduler and a worker as processes on <c>kcron broker</c>, steered with the real commands: the run history with
/// the output of the runs, a manual fire triggered twice under forbid (one run, one skip), pause and resume, garbage
/// on the runs and control topics, and every record on the runs topic valid against docs/run-record.schema.json.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RunHistoryEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private const string Cluster = "e2e-runs";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public async Task Stack_HistoryTriggerPauseResume_DoWhatTheOperatorAsked()
    {
        await using var stack = await KcronStack.StartAsync(2, Cluster);
        stack.WriteJobFile($"""
            clusters: [{Cluster}]
            jobs:
              - name: slow
                schedule: "0 0 1 1 *"
                cluster: {Cluster}
                command: 'echo "started $KCRON_FIRE_ID"; sleep 10; echo done; echo "a warning" >&2'
                concurrencyPolicy: forbid
              - name: ticker
                schedule: "@every 1s"
                cluster: {Cluster}
                command: 'echo "tick $KCRON_SCHEDULED_AT"'
            """);
        stack.StartScheduler();
        stack.StartWorker(Cluster, "w1", null, "--concurrency", "4");
        var history = new KafkaRunHistoryReader(Clients(stack), Metrics(), TimeSpan.FromSeconds(20));
        var kafka = new[] { "--bootstrap-servers", stack.BootstrapServers };

        // What ran, with its output.
        await Eventually.TrueAsync(() => Runs(history, "ticker").Count(r => r.Outcome == RunOutcomes.Succeeded) >= 3, Patience, stack.Transcript);
        var tick = Runs(history, "ticker").First(r => r.Outcome == RunOutcomes.Succeeded);
        Assert.Equal($"tick {RunText.Instant(tick.ScheduledAt)}\n", tick.StdoutTail);
        Assert.Equal(("w1", 0, FireTriggers.Scheduled), (tick.Worker, tick.ExitCode, tick.Trigger));
        var table = Kcron.Run(["history", "--cluster", Cluster, "--job", "ticker", "--limit", "3", .. kafka]);
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Matches(@"ticker +1 scheduled succeeded +0 +\S+ w1 +tick \S+Z$", table.OutputLines[1]);
        output.WriteLine(table.Output);

        // Run now, twice at once, under forbid: whichever the worker admits second comes while the other runs (10 s),
        // and is skipped.
        var triggers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Kcron.Run(["trigger", "slow", "--jobs", stack.JobFile, "--wait", .. kafka]))))
            .WaitAsync(Patience);
        output.WriteLine(string.Concat(triggers.Select(t => t.Output + t.Error)));
        Assert.Equal([0, TriggerCommand.RunDidNotSucceed], triggers.Select(t => t.ExitCode).Order());
        var skip = triggers.Single(t => t.ExitCode == TriggerCommand.RunDidNotSucceed);
        Assert.StartsWith("attempt 1: skipped-overlap, worker w1: a run of the job was still in progress", skip.OutputLines[^1], StringComparison.Ordinal);
        var slow = Runs(history, "slow");
        Assert.Equal([RunOutcomes.SkippedOverlap, RunOutcomes.Succeeded], slow.Select(r => r.Outcome).Order(StringComparer.Ordinal));
        Assert.All(slow, r => Assert.Equal(FireTriggers.Manual, r.Trigger));
        var ran = slow.Single(r => r.Outcome == RunOutcomes.Succeeded);
        Assert.Equal($"started {ran.FireId}\ndone\n", ran.StdoutTail);
        Assert.Equal("a warning\n", ran.StderrTail);
        Assert.InRange(ran.DurationSeconds!.Value, 10, 40);

        // Garbage on both topics: skipped, warned about, and nothing stops.
        await WriteAsync(stack, $"kcron.runs.{Cluster}", "ticker", "not a run record"u8.ToArray());
        await WriteAsync(stack, "kcron.control", "pause/ticker", "not a control record"u8.ToArray());

        // Pause: the leader withholds every instant and records it; resume: one catch-up (fireOnce), then the schedule.
        var pause = Kcron.Run(["pause", "ticker", "--reason", "e2e", "--jobs", stack.JobFile, .. kafka]);
        Assert.True(pause.ExitCode == 0, pause.Error);
        await Eventually.TrueAsync(() => Runs(history, "ticker").Count(r => r.Outcome == RunOutcomes.Paused) >= 3, Patience, stack.Transcript);
        var status = Kcron.Run(["status", .. kafka]);
        Assert.Contains(status.OutputLines, l => l.StartsWith("  ticker ", StringComparison.Ordinal) && l.EndsWith(": e2e", StringComparison.Ordinal));
        var resume = Kcron.Run(["resume", "ticker", "--jobs", stack.JobFile, .. kafka]);
        Assert.True(resume.ExitCode == 0, resume.Error);
        var resumedAt = TimeProvider.System.GetUtcNow();
        await Eventually.TrueAsync(() => Runs(history, "ticker").Any(r => r.Outcome == RunOutcomes.Succeeded && r.ScheduledAt > resumedAt.AddSeconds(1)), Patience, stack.Transcript);

        var ticker = Runs(history, "ticker");
        var paused = ticker.Where(r => r.Outcome == RunOutcomes.Paused).ToList();
        var (from, to) = (paused.Min(r => r.ScheduledAt), paused.Max(r => r.ScheduledAt));
        var ranWhilePaused = ticker.Where(r => r.Outcome == RunOutcomes.Succeeded && r.ScheduledAt >= from && r.ScheduledAt <= to).ToList();
        output.WriteLine($"ticker: {paused.Count} instants withheld from {from:O} to {to:O}; runs of them: {string.Join(", ", ranWhilePaused.Select(r => r.ScheduledAt.ToString("O")))}");
        Assert.All(paused, r => Assert.Matches(@"^paused by \S+ at \S+Z: e2e$", r.Detail));
        // Resume replays nothing but the one catch-up of the latest withheld instant.
        Assert.True(ranWhilePaused.Count <= 1, "ran while paused: " + ranWhilePaused.Count);
        Assert.All(ranWhilePaused, r => Assert.Equal(to, r.ScheduledAt));
        var instants = ticker.Where(r => r.Outcome is RunOutcomes.Succeeded or RunOutcomes.Paused).Select(r => r.ScheduledAt).ToList();
        Assert.Equal(instants.Count, instants.Distinct().Count() + ranWhilePaused.Count);

        // Every record the worker and the scheduler wrote is a valid run record.
        var schema = JsonSchema.FromText(File.ReadAllText(RepositoryPaths.Of("docs", "run-record.schema.json")));
        var records = TopicReader.ReadAll(stack.BootstrapServers, $"kcron.runs.{Cluster}", Patience);
        var valid = 0;
        foreach (var record in records.Where(r => RunRecordCodec.TryDecode(r.Message.Value, out _, out _)))
        {
            using var json = JsonDocument.Parse(record.Message.Value);
            var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, System.Text.Encoding.UTF8.GetString(record.Message.Value));
            valid++;
        }

        output.WriteLine($"{valid} run records valid against the schema, outcomes: {string.Join(", ", records.Select(r => RunRecordCodec.TryDecode(r.Message.Value, out var run, out _) ? run.Outcome : "garbage").CountBy(o => o))}");
        Assert.Equal(records.Count - 1, valid);
        var historyWithGarbage = Kcron.Run(["history", "--cluster", Cluster, .. kafka]);
        Assert.Equal(0, historyWithGarbage.ExitCode);
        Assert.Contains(historyWithGarbage.ErrorLines, l => l.StartsWith("kcron history: skipped a record that is not a run record", StringComparison.Ordinal));
        Assert.Contains(stack.Processes[0].Lines, l => l.Contains("[1120] Skipped a record of the control topic", StringComparison.Ordinal));
    }

    public void Dispose() => _services.Dispose();

    private static IReadOnlyList<RunRecord> Runs(KafkaRunHistoryReader history, string job) =>
        history.ReadAsync(new RunHistoryQuery { Cluster = Cluster, Since = DateTimeOffset.MinValue, Job = job, Limit = int.MaxValue }, CancellationToken.None)
            .GetAwaiter().GetResult().Runs;

    private KafkaCronMetrics Metrics() => new(_services.GetRequiredService<IMeterFactory>());

    private KafkaClientFactory Clients(KcronStack stack) => new(
        Options.Create(new KafkaOptions { BootstrapServers = stack.BootstrapServers, FetchWaitMaxMs = 10 }), Metrics(), NullLogger<KafkaClientFactory>.Instance);

    private static async Task WriteAsync(KcronStack stack, string topic, string key, byte[] value)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = stack.BootstrapServers }).Build();
        await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = value });
    }

}
