using System.Text;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Execution;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaCron.Integration.Tests.Worker;

public sealed class WorkerPipelineTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("kcron-worker-it-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public async Task RunAsync_CleanRun_RunsEveryFireExactlyOnceAndCommitsToTheEnd()
    {
        using var harness = new WorkerHarness();
        var log = Path.Combine(_scratch.FullName, "runs.log");
        var runner = new ProcessJobRunner(
            Microsoft.Extensions.Options.Options.Create(harness.WorkerOptions()), TimeProvider.System, NullLogger<ProcessJobRunner>.Instance);
        // Distinct scheduled instants: fires of one job at the same instant are one fire to the duplicate filter.
        var scheduled = DateTimeOffset.UtcNow;
        var fires = Enumerable.Range(0, 60)
            .Select(i => harness.Fire($"job-{i % 7}", $"echo \"$KCRON_FIRE_ID $KCRON_CLUSTER $KCRON_WORKER $KCRON_ATTEMPT\" >> {log}")
                with { ScheduledAt = scheduled.AddSeconds(-i) })
            .ToList();
        var produced = new List<TopicPartitionOffset>();
        foreach (var fire in fires)
        {
            produced.Add(await harness.ProduceFireAsync(fire));
        }

        await using (var worker = harness.Start(runner))
        {
            await WorkerHarness.UntilAsync(() => File.Exists(log) && File.ReadAllLines(log).Length >= fires.Count, "every fire ran");
            var ends = produced.GroupBy(p => p.Partition.Value).ToDictionary(g => g.Key, g => g.Max(p => p.Offset.Value) + 1);
            await WorkerHarness.UntilAsync(
                () => harness.Committed() is var committed && ends.All(e => committed[e.Key] == e.Value),
                "every partition is committed to its end");
            await worker.StopAsync();
        }

        var lines = File.ReadAllLines(log).Select(l => l.Split(' ')).ToList();
        Assert.Equal(fires.Select(f => f.FireId).Order(), lines.Select(l => l[0]).Order());
        Assert.All(lines, l => Assert.Equal(["cluster-a", "worker-1", "1"], l[1..]));
        Assert.Equal(fires.Count, harness.Measurements.Count(m => m.Instrument == "kcron.jobs.completed"));
        Assert.Equal(0, harness.Measurements.Where(m => m.Instrument == "kcron.pipeline.occupancy").Sum(m => m.Value));
        Assert.Equal(0, harness.Measurements.Where(m => m.Instrument == "kcron.jobs.in_flight").Sum(m => m.Value));
    }

    [Fact]
    public async Task RunAsync_EarlierMessageStillRunning_CommitsOnlyTheFinishedPrefix()
    {
        using var harness = new WorkerHarness();
        var runner = new RecordingRunner();
        runner.Hold("slow");
        await harness.ProduceFireAsync(harness.Fire("fast"), partition: 0);
        await harness.ProduceFireAsync(harness.Fire("slow"), partition: 0);
        for (var i = 0; i < 5; i++)
        {
            await harness.ProduceFireAsync(harness.Fire("fast"), partition: 0);
            await harness.ProduceFireAsync(harness.Fire("other"), partition: 1);
        }

        await using var worker = harness.Start(runner);
        await WorkerHarness.UntilAsync(() => runner.FinishedCount("fast") == 6 && runner.FinishedCount("other") == 5, "the fast runs finished");
        // Partition 1 committed to its end shows commits are flowing. Partition 0's first commit may come in a later
        // round than partition 1's last (completions reach the committer in any order), so wait for both; once every
        // fast run finished, any commit of partition 0 past the slow run's offset would be the bug.
        IReadOnlyDictionary<int, long> committed = new Dictionary<int, long>();
        await WorkerHarness.UntilAsync(() => (committed = harness.Committed())[1] == 5 && committed[0] >= 1, "both partitions are committed");
        Assert.Equal(1, committed[0]);

        runner.Release("slow");
        await WorkerHarness.UntilAsync(() => harness.Committed()[0] == 7, "partition 0 is committed once the slow run finished");
        Assert.Equal(1, runner.StartedCount("slow"));
    }

    [Fact]
    public async Task RunAsync_JobLongerThanMaxPollInterval_MemberStaysAndOtherPartitionsFlow()
    {
        using var harness = new WorkerHarness(client: new Dictionary<string, string>
        {
            // The harness's session timeout is 6 s, the least the mock coordinator honours; max.poll.interval.ms may not be lower.
            ["max.poll.interval.ms"] = "6000",
        });
        var runner = new RecordingRunner();
        runner.Hold("slow");
        await harness.ProduceFireAsync(harness.Fire("slow"), partition: 0);
        await using var worker = harness.Start(runner, harness.WorkerOptions(concurrency: 2));
        await WorkerHarness.UntilAsync(() => runner.StartedCount("slow") == 1, "the slow run started");

        // Keep other partitions busy for well over two max.poll.interval.ms while the slow run holds its slot.
        var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(13);
        var flowed = 0;
        while (DateTimeOffset.UtcNow < until)
        {
            await harness.ProduceFireAsync(harness.Fire("other"), partition: 1 + (flowed % 2));
            flowed++;
            await WorkerHarness.UntilAsync(() => runner.FinishedCount("other") == flowed, "another partition's fire ran");
        }

        runner.Release("slow");
        await WorkerHarness.UntilAsync(() => harness.Committed()[0] == 1, "the slow fire is committed");
        Assert.Equal(1, runner.StartedCount("slow"));
        Assert.False(harness.Logs.Has(2003) || harness.Logs.Has(2004), "the member lost or gave up partitions");
        // librdkafka's lines now reach the log too; the producers' CONFWARN about the consumer-only setting is no complaint.
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Message.Contains("max.poll", StringComparison.OrdinalIgnoreCase)
            && !e.Message.Contains("CONFWARN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_UndecodableMessages_AreDeadLetteredCommittedAndConsumingGoesOn()
    {
        // librdkafka's mock broker stalls the fetch of a record of about 5 MB or more (measured: 3 MB passes, 5 MiB and
        // 9 MB never arrive), so the oversized case is 3 MiB, three times the codec's limit; the worker path is the same.
        using var harness = new WorkerHarness(client: new Dictionary<string, string>
        {
            ["message.max.bytes"] = "12000000",
            ["max.partition.fetch.bytes"] = "20000000",
            ["fetch.max.bytes"] = "52428800",
            ["receive.message.max.bytes"] = "100000000",
        });
        var runner = new RecordingRunner();
        var huge = new byte[3 * 1024 * 1024];
        Array.Fill(huge, (byte)'{');
        var bad = new (string Name, byte[]? Value, string Reason)[]
        {
            ("garbage", [0xde, 0xad, 0xbe, 0xef, 0x00], DecodeFailureReasons.InvalidJson),
            ("truncated", Encoding.UTF8.GetBytes("{\"schemaVersion\":1,\"fireId\":\"x\",\"job\":\"tr"), DecodeFailureReasons.InvalidJson),
            ("future", Encoding.UTF8.GetBytes("{\"schemaVersion\":7,\"fireId\":\"x\",\"job\":\"future\"}"), DecodeFailureReasons.UnsupportedSchema),
            ("huge", huge, DecodeFailureReasons.TooLarge),
            ("tombstone", null, DecodeFailureReasons.Empty),
            ("elsewhere", FireMessageCodec.Encode(harness.Fire("elsewhere") with { Cluster = "cluster-b" }), DecodeFailureReasons.WrongCluster),
        };
        var sources = new Dictionary<string, TopicPartitionOffset>();
        foreach (var (name, value, _) in bad)
        {
            sources[name] = await harness.ProduceRawAsync(name, value, partition: 0);
        }

        await harness.ProduceFireAsync(harness.Fire("after"), partition: 0);

        await using var worker = harness.Start(runner);
        await WorkerHarness.UntilAsync(() => runner.FinishedCount("after") == 1, "the good fire after the bad ones ran");
        await WorkerHarness.UntilAsync(() => harness.Committed()[0] == bad.Length + 1, "partition 0 is committed past the bad messages");

        var letters = harness.ReadDeadLetters(bad.Length);
        Assert.Equal(bad.Length, letters.Count);
        foreach (var (name, value, reason) in bad)
        {
            var letter = Assert.Single(letters, l => l.SourceOffset == sources[name].Offset.Value);
            Assert.Equal(reason, letter.Reason);
            Assert.Equal(harness.JobsTopic, letter.SourceTopic);
            Assert.Equal(0, letter.SourcePartition);
            Assert.Equal("worker-1", letter.Worker);
            Assert.Equal(value?.Length ?? 0, letter.OriginalSize);
            var preserved = value is null ? [] : value.AsSpan(0, Math.Min(value.Length, FireMessageCodec.MaxPreservedOriginalBytes)).ToArray();
            Assert.Equal(preserved, letter.OriginalBase64 is null ? [] : Convert.FromBase64String(letter.OriginalBase64));
            Assert.False(string.IsNullOrWhiteSpace(letter.Detail));
        }

        Assert.Equal(bad.Length, harness.Measurements.Count(m => m.Instrument == "kcron.decode.failures"));
        Assert.Equal(2, harness.Measurements.Count(m => m.Instrument == "kcron.dead_letters" && (string?)m.Tags["reason"] == DecodeFailureReasons.InvalidJson));
    }

    [Fact]
    public async Task RunAsync_FirePublishedTwiceOrByADeposedLeader_RunsOnceAndLaterFiresStillRun()
    {
        using var harness = new WorkerHarness();
        var runner = new RecordingRunner();
        var scheduled = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
        var first = harness.Fire("nightly") with { ScheduledAt = scheduled, Epoch = 7 };
        await harness.ProduceFireAsync(first, partition: 0);
        // The same scheduled run published again by the next term (another fire id, same idempotency key) ...
        await harness.ProduceFireAsync(first with { FireId = "republished", Epoch = 8 }, partition: 0);
        // ... and the next instant published late by the deposed term 7.
        await harness.ProduceFireAsync(harness.Fire("nightly") with { ScheduledAt = scheduled.AddDays(1), Epoch = 7 }, partition: 0);
        await harness.ProduceFireAsync(harness.Fire("nightly") with { ScheduledAt = scheduled.AddDays(2), Epoch = 8 }, partition: 0);

        await using var worker = harness.Start(runner);
        await WorkerHarness.UntilAsync(() => harness.Committed()[0] == 4, "partition 0 is committed past all four");

        Assert.Equal(2, runner.FinishedCount("nightly"));
        var skips = harness.Measurements.Where(m => m.Instrument == "kcron.fires.skipped").Select(m => (string?)m.Tags["reason"]).Order().ToList();
        Assert.Equal([MetricTags.ReasonDuplicate, MetricTags.ReasonStaleEpoch], skips);
    }

    [Fact]
    public async Task RunAsync_FireWithoutClusterField_RunsAsTheConsumersCluster()
    {
        using var harness = new WorkerHarness();
        var runner = new RecordingRunner();
        var oldFormat = Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":1,\"fireId\":\"old-1\",\"job\":\"legacy\",\"command\":\"true\",\"attempt\":1," +
            "\"scheduledAt\":\"2025-01-01T00:00:00Z\",\"publishedAt\":\"2025-01-01T00:00:00Z\"}");
        await harness.ProduceRawAsync("legacy", oldFormat);

        await using var worker = harness.Start(runner);
        await WorkerHarness.UntilAsync(() => runner.FinishedCount("legacy") == 1, "the old-format fire ran");

        var request = Assert.Single(runner.Finished);
        Assert.Equal("cluster-a", request.Environment[JobEnvironment.Cluster]);
        Assert.Equal("old-1", request.Environment[JobEnvironment.FireId]);
        Assert.Equal("2025-01-01T00:00:00.000Z", request.Environment[JobEnvironment.ScheduledAt]);
    }

    [Fact]
    public async Task StopAsync_RunInFlight_LetsItFinishCommitsAndLeavesTheGroup()
    {
        using var harness = new WorkerHarness(client: new Dictionary<string, string> { ["debug"] = "cgrp" });
        var runner = new RecordingRunner();
        runner.Hold("running");
        await harness.ProduceFireAsync(harness.Fire("done"), partition: 0);
        await harness.ProduceFireAsync(harness.Fire("running"), partition: 0);
        await using var worker = harness.Start(runner);
        await WorkerHarness.UntilAsync(() => runner.StartedCount("running") == 1 && runner.FinishedCount("done") == 1, "one run finished, one is running");

        var stopping = worker.StopAsync();
        await WorkerHarness.UntilAsync(() => harness.Logs.Has(2010), "shutdown began");
        Assert.False(stopping.IsCompleted);
        runner.Release("running");
        await stopping;

        Assert.Equal(2, harness.Committed()[0]);
        Assert.True(harness.Logs.Has(2013));
        // The mock coordinator does not act on LeaveGroup (a new member still waits out the old session), so check
        // that the consumer sent it rather than how the mock reacted.
        Assert.Contains(harness.ClientLogs, m => m.Message.Contains("LeaveGroup", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopAsync_GraceRunsOut_KillsTheJobAndLeavesItsOffsetUncommitted()
    {
        using var harness = new WorkerHarness();
        var pids = Path.Combine(_scratch.FullName, "pids");
        var options = harness.WorkerOptions();
        options.ShutdownGraceSeconds = 0.5;
        options.KillGraceSeconds = 0.5;
        var runner = new ProcessJobRunner(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLogger<ProcessJobRunner>.Instance);
        await harness.ProduceFireAsync(harness.Fire("quick"), partition: 0);
        await harness.ProduceFireAsync(harness.Fire("endless", $"trap '' TERM; sleep 300 & echo $! >> {pids}; echo $$ >> {pids}; wait"), partition: 0);
        await harness.ProduceFireAsync(harness.Fire("never-started"), partition: 0);
        await using var worker = harness.Start(runner, options);
        await WorkerHarness.UntilAsync(() => File.Exists(pids) && File.ReadAllLines(pids).Length == 2, "the endless job started");
        await WorkerHarness.UntilAsync(() => harness.Committed()[0] == 1, "the quick fire is committed");

        await worker.StopAsync();

        Assert.Equal(1, harness.Committed()[0]);
        Assert.True(harness.Logs.Has(2011));
        foreach (var pid in File.ReadAllLines(pids).Select(int.Parse))
        {
            Assert.False(IsAlive(pid), $"job process {pid} outlived the worker");
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
