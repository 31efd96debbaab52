using KafkaCron.Core.Control;
using KafkaCron.Core.Telemetry;
using KafkaCron.Integration.Tests.Infrastructure;
using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Control;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaCron.Integration.Tests.Kafka.Control;

/// <summary>The scheduler's follower of the control topic, and the one-shot reader and the writer, against the mock cluster.</summary>
public sealed class ControlTopicFollowerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly MockKafkaWithTopics _kafka = new();
    private readonly KafkaPauseControl _control;

    public ControlTopicFollowerTests()
    {
        _control = new KafkaPauseControl(_kafka.Clients, TimeProvider.System, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ReadToEndAsync_PausesWrittenBeforeTheStart_AreAllKnownWhenItCompletes()
    {
        await _control.PauseAsync("a", "alice@ops-1", "db migration", CancellationToken.None);
        await _control.PauseAsync("b", "bob@ops-2", null, CancellationToken.None);
        await _control.ResumeAsync("a", "alice@ops-1", CancellationToken.None);
        using var follower = Follower(_kafka.Clients);
        await follower.StartAsync(CancellationToken.None);

        await follower.ReadToEndAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(["b"], follower.Current.Jobs);
        Assert.Equal("bob@ops-2", follower.Current.Pauses["b"].By);
        await follower.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Follow_PauseWrittenWhileRunning_ChangesCurrentAndSaysSo()
    {
        using var follower = Follower(_kafka.Clients);
        var changes = 0;
        follower.Changed += () => Interlocked.Increment(ref changes);
        await follower.StartAsync(CancellationToken.None);
        await follower.ReadToEndAsync(CancellationToken.None).WaitAsync(Patience);

        await _control.PauseAsync("c", "alice@ops-1", "flaky upstream", CancellationToken.None);
        await Eventually.TrueAsync(() => follower.Current.Jobs.Contains("c"), Patience, () => "the pause never arrived");
        await _control.ResumeAsync("c", "alice@ops-1", CancellationToken.None);
        await Eventually.TrueAsync(() => follower.Current.Jobs.Count == 0, Patience, () => "the resume never arrived");

        Assert.True(Volatile.Read(ref changes) >= 2);
        await follower.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Follow_GarbageOnTheControlTopic_IsSkippedCountedAndFollowingGoesOn()
    {
        var topic = _kafka.Topics.Control;
        await _kafka.WriteAsync(topic, "pause/a", "garbage"u8.ToArray());
        await _kafka.WriteAsync(topic, null, "{}"u8.ToArray());
        await _kafka.WriteAsync(topic, "pause/a", """{"schemaVersion":1,"kind":"pause","job":"b","paused":true,"by":"x","at":"2026-01-01T00:00:00Z"}"""u8.ToArray());
        await _control.PauseAsync("d", "alice@ops-1", null, CancellationToken.None);
        using var follower = Follower(_kafka.Clients);
        await follower.StartAsync(CancellationToken.None);

        await follower.ReadToEndAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(["d"], follower.Current.Jobs);
        var counted = _kafka.Metrics.Of("kcron.records.undecodable");
        Assert.Equal(3, counted.Sum(m => m.Value));
        Assert.All(counted, m => Assert.Equal(topic, m.Tags[MetricTags.Topic]));
        await follower.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ReadToEndAsync_KafkaDown_WaitsUntilItIsBackAndNeverGuesses()
    {
        await _control.PauseAsync("a", "alice@ops-1", null, CancellationToken.None);
        var clients = new KafkaClientFactory(
            Options.Create(new KafkaOptions { BootstrapServers = _kafka.Kafka.BootstrapServers, FetchWaitMaxMs = 10, StartupTimeoutSeconds = 1 }),
            _kafka.Metrics.Metrics, NullLogger<KafkaClientFactory>.Instance);
        _kafka.Kafka.SetBrokerDown(1);
        using var follower = Follower(clients);
        await follower.StartAsync(CancellationToken.None);

        var reading = follower.ReadToEndAsync(CancellationToken.None);
        await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.False(reading.IsCompleted, "read to the end while Kafka was down");
        Assert.Empty(follower.Current.Jobs);

        _kafka.Kafka.SetBrokerUp(1);
        await reading.WaitAsync(Patience);
        Assert.Equal(["a"], follower.Current.Jobs);
        await follower.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ReadAsync_Once_GivesEveryJobsLatestStateAndTheSkippedRecords()
    {
        await _control.PauseAsync("a", "alice@ops-1", "db migration", CancellationToken.None);
        await _kafka.WriteAsync(_kafka.Topics.Control, "pause/a", "garbage"u8.ToArray());
        await _control.PauseAsync("b", "bob@ops-2", null, CancellationToken.None);
        await _control.ResumeAsync("b", "bob@ops-2", CancellationToken.None);

        var state = await new KafkaPauseStateReader(_kafka.Clients, _kafka.Metrics.Metrics, TimeSpan.FromSeconds(10)).ReadAsync(CancellationToken.None);

        Assert.Equal(["a"], state.Paused.Select(p => p.Job));
        Assert.Equal("db migration", state.Latest["a"].Reason);
        Assert.False(state.IsPaused("b"));
        Assert.True(state.IsPaused("a"));
        var skipped = Assert.Single(state.Skipped);
        Assert.Equal(1, skipped.Offset);
        Assert.Contains("invalid JSON", skipped.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PauseAsync_ControlTopicMissing_SaysSoInOneLine()
    {
        var clients = new KafkaClientFactory(
            Options.Create(new KafkaOptions { BootstrapServers = _kafka.Kafka.BootstrapServers, ControlTopic = "kcron.control-nowhere" }),
            _kafka.Metrics.Metrics, NullLogger<KafkaClientFactory>.Instance);

        var refused = await Assert.ThrowsAsync<Core.Messages.KafkaUnavailableException>(
            () => new KafkaPauseControl(clients, TimeProvider.System, TimeSpan.FromSeconds(5)).PauseAsync("a", "alice", null, CancellationToken.None));

        Assert.Equal($"Kafka at {_kafka.Kafka.BootstrapServers} has no topic kcron.control-nowhere", refused.Message);
    }

    [Fact]
    public async Task PauseAsync_KafkaUnreachable_FailsWithinTheTimeout()
    {
        var clients = new KafkaClientFactory(
            Options.Create(new KafkaOptions { BootstrapServers = "127.0.0.1:" + FreePort.Next() }),
            _kafka.Metrics.Metrics, NullLogger<KafkaClientFactory>.Instance);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var refused = await Assert.ThrowsAsync<Core.Messages.KafkaUnavailableException>(
            () => new KafkaPauseControl(clients, TimeProvider.System, TimeSpan.FromSeconds(2)).PauseAsync("a", "alice", null, CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(8));
        Assert.StartsWith("Kafka at 127.0.0.1:", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    public void Dispose() => _kafka.Dispose();

    private ControlTopicFollower Follower(KafkaClientFactory clients) =>
        new(clients, _kafka.Metrics.Metrics, TimeProvider.System, NullLogger<ControlTopicFollower>.Instance);
}
