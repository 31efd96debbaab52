using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using KafkaCron.Core.Control;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Integration.Tests.Kafka.Runs;
using KafkaCron.Kafka.Publishing;

namespace KafkaCron.Integration.Tests.Cli;

/// <summary><c>kcron history</c>, <c>trigger</c>, <c>pause</c>, <c>resume</c> and <c>status</c> against a <c>kcron broker</c>, in-process.</summary>
public sealed class OperatorCommandsTests : IAsyncLifetime, IDisposable
{
    private const string Cluster = "ops-cli";
    private readonly DateTimeOffset _now = TimeProvider.System.GetUtcNow();
    private readonly TemporaryJobFile _jobs = new($"""
        clusters: [{Cluster}]
        jobs:
          - name: nightly-backup
            schedule: "30 2 * * *"
            cluster: {Cluster}
            command: pg_dump app
            concurrencyPolicy: forbid
            misfirePolicy: skip
          - name: report
            schedule: "@hourly"
            cluster: {Cluster}
            command: make report
            suspend: true
        """);

    private BrokerProcess _broker = null!;

    private const string RunsTopic = $"kcron.runs.{Cluster}";

    // These tests are about what the commands say, not how fast: the suite runs test classes in parallel on two cores,
    // where the default 10 s bound was once not enough. The timeout itself is tested with an unreachable Kafka below.
    private const string KafkaTimeout = "60";

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(2, Cluster);
    }

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    public void Dispose() => _jobs.Dispose();

    [Fact]
    public async Task History_Runs_TableWithOneLinePerRunAndTheFirstLineOfOutput()
    {
        await WriteRunsAsync(
            Run("nightly-backup", RunOutcomes.Succeeded, _now.AddMinutes(-3)) with { ExitCode = 0, StdoutTail = "\ndumped 12 tables\nall done\n" },
            Run("nightly-backup", RunOutcomes.Killed, _now.AddMinutes(-2)) with { Signal = 9, Attempt = 2 },
            Run("report", RunOutcomes.SkippedOverlap, _now.AddMinutes(-1)) with { StartedAt = null, DurationSeconds = null, Detail = "a run of the job was still in progress (concurrencyPolicy forbid)" });

        var run = Kcron.Run("history", "--cluster", Cluster, "--since", "10m", "--bootstrap-servers", _broker.BootstrapServers, "--timeout", KafkaTimeout);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["WHEN", "JOB", "ATTEMPT", "TRIGGER", "OUTCOME", "EXIT", "DURATION", "WORKER", "OUTPUT"], run.OutputLines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^\S+Z nightly-backup +1 scheduled succeeded +0 +2\.0s w1 +dumped 12 tables$", run.OutputLines[1]);
        Assert.Matches(@"nightly-backup +2 scheduled killed +SIGKILL +2\.0s w1", run.OutputLines[2]);
        Assert.Matches(@"report +1 scheduled skipped-overlap +- +- w1 +a run of the job was still in progress", run.OutputLines[3]);
        Assert.StartsWith("3 of 3 run(s) since ", run.OutputLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_JsonJobAndFailed_OneRecordPerLineUnderItsOwnNames()
    {
        await WriteRunsAsync(
            Run("nightly-backup", RunOutcomes.Failed, _now.AddMinutes(-3)) with { ExitCode = 3, StderrTail = "boom\n" },
            Run("nightly-backup", RunOutcomes.Succeeded, _now.AddMinutes(-2)) with { ExitCode = 0 },
            Run("report", RunOutcomes.Failed, _now.AddMinutes(-1)) with { ExitCode = 1 });

        var run = Kcron.Run("history", "--cluster", Cluster, "--job", "nightly-backup", "--failed", "--json", "--bootstrap-servers", _broker.BootstrapServers, "--timeout", KafkaTimeout);

        Assert.True(run.ExitCode == 0, run.Error);
        var line = Assert.Single(run.OutputLines);
        using var json = JsonDocument.Parse(line);
        Assert.Equal("failed", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("boom\n", json.RootElement.GetProperty("stderrTail").GetString());
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task History_GarbageRecord_IsSkippedWithAWarningAndTheRestShown()
    {
        await WriteRunsAsync(Run("nightly-backup", RunOutcomes.Succeeded, _now.AddMinutes(-2)) with { ExitCode = 0 });
        await WriteRawAsync(RunsTopic, "nightly-backup", "not a run record"u8.ToArray());

        var run = Kcron.Run("history", "--cluster", Cluster, "--bootstrap-servers", _broker.BootstrapServers, "--timeout", KafkaTimeout);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("nightly-backup", run.OutputLines[1], StringComparison.Ordinal);
        var warning = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"kcron history: skipped a record that is not a run record, {RunsTopic} [", warning, StringComparison.Ordinal);
        Assert.Contains("; 1 undecodable record(s) skipped", run.OutputLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Trigger_Job_PublishesAManualFireBuiltFromTheJobFile()
    {
        var run = Kcron.Run("trigger", "nightly-backup", "--jobs", _jobs.Path, "--bootstrap-servers", _broker.BootstrapServers, "--timeout", KafkaTimeout);

        Assert.True(run.ExitCode == 0, run.Error);
        var fire = Assert.Single(TopicReader.ReadFires(_broker.BootstrapServers, $"kcron.jobs.{Cluster}", Cluster, TimeSpan.FromSeconds(30)));
        Assert.Equal(("nightly-backup", "pg_dump app", "forbid", FireTriggers.Manual), (fire.Job, fire.Command, fire.ConcurrencyPolicy, fire.Trigger));
        Assert.Null(fire.Epoch);
        Assert.StartsWith($"triggered nightly-backup on {Cluster}: manual fire {fire.FireId} (kcron.jobs.{Cluster} [", run.OutputLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Trigger_UnknownJob_OneLineWithTheLikelyJobAndNothingPublished()
    {
        var run = Kcron.Run("trigger", "nightly-bakup", "--jobs", _jobs.Path, "--bootstrap-servers", _broker.BootstrapServers, "--timeout", KafkaTimeout);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"kcron trigger: {_jobs.Path} has no job 'nightly-bakup' (did you mean 'nightly-backup'?)", Assert.Single(run.ErrorLines));
        Assert.Empty(TopicReader.ReadAll(_broker.BootstrapServers, $"kcron.jobs.{Cluster}", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void PauseStatusResume_Job_WritesWhoAndWhyShowsItAndLiftsIt()
    {
        var pause = Kcron.Run("pause", "nightly-backup", "--reason", "db migration", "--jobs", _jobs.Path, "--bootstrap-servers", _broker.BootstrapServers, "--timeout", KafkaTimeout);
        Assert.True(pause.ExitCode == 0, pause.Error);
        Assert.Matches(@"^nightly-backup is now paused by \S+@\S+ at \S+Z: db migration$", pause.OutputLines[0]);

        var status = Kcron.Run("status", "--bootstrap-servers", _broker.BootstrapServers, "--timeout", KafkaTimeout, "--jobs", _jobs.Path);
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.StartsWith("paused      2 job(s)", status.OutputLines[0], StringComparison.Ordinal);
        Assert.Matches(@"^  nightly-backup +paused by \S+ at \S+Z \(.+ ago\): db migration$", status.OutputLines[1]);
        Assert.Equal($"  report                   suspend: true in {_jobs.Path}", status.OutputLines[2]);

        var resume = Kcron.Run("resume", "nightly-backup", "--jobs", _jobs.Path, "--bootstrap-servers", _broker.BootstrapServers, "--timeout", KafkaTimeout);
        Assert.True(resume.ExitCode == 0, resume.Error);
        Assert.StartsWith("resumed nightly-backup (paused by ", resume.OutputLines[0], StringComparison.Ordinal);
        Assert.Contains("misfirePolicy skip: none of the instants withheld while paused fires", resume.OutputLines[1], StringComparison.Ordinal);

        var pauses = ReadPauses();
        Assert.Equal([true, false], pauses.Select(p => p.Paused));
        Assert.All(pauses, p => Assert.Equal("nightly-backup", p.Job));
        Assert.Equal("db migration", pauses[0].Reason);
    }

    [Fact]
    public void Resume_JobNotPaused_WritesNothing()
    {
        var run = Kcron.Run("resume", "nightly-backup", "--bootstrap-servers", _broker.BootstrapServers, "--timeout", KafkaTimeout);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("nightly-backup is not paused; nothing written", run.OutputLines[0]);
        Assert.Empty(ReadPauses());
    }

    [Fact]
    public void Pause_UnknownJobWithAJobFile_IsRefusedAndNothingWritten()
    {
        var run = Kcron.Run("pause", "nightly", "--jobs", _jobs.Path, "--bootstrap-servers", _broker.BootstrapServers, "--timeout", KafkaTimeout);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"kcron pause: {_jobs.Path} has no job 'nightly'; nothing written", Assert.Single(run.ErrorLines));
        Assert.Empty(ReadPauses());
    }

    [Fact]
    public void Pause_NameWithoutAJobFile_IsWrittenAsGivenAndSaysItWasNotChecked()
    {
        var run = Kcron.Run("pause", "not-yet-deployed", "--bootstrap-servers", _broker.BootstrapServers, "--timeout", KafkaTimeout);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("note: the name was not checked against a job file (give --jobs FILE to check it)", run.OutputLines);
        Assert.Equal("not-yet-deployed", Assert.Single(ReadPauses()).Job);
    }

    [Fact]
    public async Task Status_GarbageOnTheControlTopic_IsSkippedWithAWarning()
    {
        await WriteRawAsync("kcron.control", "pause/x", "garbage"u8.ToArray());

        var run = Kcron.Run("status", "--bootstrap-servers", _broker.BootstrapServers, "--timeout", KafkaTimeout);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("paused      none", run.OutputLines[0]);
        Assert.StartsWith("kcron status: skipped a record that is not a control record, kcron.control [0] @0: invalid JSON", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("history", "--cluster", Cluster)]
    [InlineData("trigger", "nightly-backup", "--jobs", "{jobs}")]
    [InlineData("pause", "nightly-backup")]
    [InlineData("resume", "nightly-backup")]
    [InlineData("status")]
    [InlineData("dead-letters", "--cluster", Cluster)]
    [InlineData("replay", "--cluster", Cluster, "--all")]
    public void Command_KafkaUnreachable_OneLineWithinTheTimeoutExit1(params string[] args)
    {
        var watch = Stopwatch.StartNew();

        var run = Kcron.Run([.. args.Select(a => a == "{jobs}" ? _jobs.Path : a), "--bootstrap-servers", "127.0.0.1:" + FreePort.Next(), "--timeout", "2"]);

        Assert.Equal(1, run.ExitCode);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Matches($@"^kcron {args[0]}: Kafka at 127\.0\.0\.1:\d+ did not answer for .+ within 2 s \(", Assert.Single(run.ErrorLines));
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData("history --cluster c --bogus", "kcron history: unrecognized argument '--bogus'")]
    [InlineData("history", "kcron history: Option '--cluster' is required.")]
    [InlineData("history --cluster Bad_Name", "--cluster: 'Bad_Name' is not a valid cluster name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters")]
    [InlineData("history --cluster c --since yesterday", "kcron history: --since: 'yesterday' is neither a duration (500ms, 90s, 10m, 1h30m, 2d or ISO 8601 PT5M) nor a time (2026-11-27T03:00:00Z)")]
    [InlineData("history --cluster c --limit 0", "kcron history: --limit must be at least 1")]
    [InlineData("history --cluster c --timeout 0", "kcron history: --timeout must be more than 0 and at most 600 seconds, not 0")]
    [InlineData("trigger backup", "kcron trigger: Option '--jobs' is required.")]
    [InlineData("trigger backup --jobs /no/such/file.yaml", "/no/such/file.yaml: no such job file")]
    [InlineData("trigger nightly-backup --jobs {jobs} --wait --wait-timeout soon", "kcron trigger: --wait-timeout: 'soon' is not a duration: use a number with a unit ms, s, m, h or d (500ms, 90s, 10m, 1h30m, 2d or ISO 8601 PT5M)")]
    [InlineData("pause Not_A_Job", "kcron pause: 'Not_A_Job' is not a valid job name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters")]
    [InlineData("status", "kcron status: give --zookeeper (leader, standbys, checkpoint), --bootstrap-servers (paused jobs), or both")]
    public void Command_BadUsage_OneLineNamingItExit2(string commandLine, string expected)
    {
        var run = Kcron.Run([.. commandLine.Split(' ').Select(a => a == "{jobs}" ? _jobs.Path : a)]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.ErrorLines[0]);
        Assert.True(run.ErrorLines.Length == 1 || run.ErrorLines[1].StartsWith("Run 'kcron ", StringComparison.Ordinal), run.Error);
    }

    private async Task WriteRunsAsync(params RunRecord[] runs)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build();
        foreach (var run in runs)
        {
            await producer.ProduceAsync(RunsTopic, FireRecord.Build(run));
        }
    }

    private async Task WriteRawAsync(string topic, string key, byte[] value)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build();
        await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = value });
    }

    private List<JobPause> ReadPauses() =>
        [.. TopicReader.ReadAll(_broker.BootstrapServers, "kcron.control", TimeSpan.FromSeconds(30))
            .Select(r => ControlRecordCodec.Decode(r.Message.Key, r.Message.Value, r.Message.Value is null).State!)];

    private static RunRecord Run(string job, string outcome, DateTimeOffset finishedAt) => TestRuns.Ran(Cluster, job, outcome, finishedAt);
}
