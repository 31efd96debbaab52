using System.Diagnostics;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Leadership;
using KafkaCron.Core.Scheduling;
using KafkaCron.Scheduler.Engine;
using KafkaCron.Scheduler.Leadership;
using KafkaCron.Scheduler.Tests.Engine;
using KafkaCron.Scheduler.Tests.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static KafkaCron.Scheduler.Tests.TestSupport.Jobs;

namespace KafkaCron.Scheduler.Tests.Leadership;

public sealed class ElectedSchedulerTests : IAsyncDisposable
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly FakeElector _elector = new();
    private readonly MemoryCheckpointStore _store;
    private readonly FakeTermPublishers _publishers = new();
    private readonly FakeReader _reader = new();
    private readonly MetricsRecorder _metrics = new();
    private readonly CapturingLogger<ElectedScheduler> _logger = new();
    private readonly SchedulerEngine _engine;
    private readonly ElectedScheduler _scheduler;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    public ElectedSchedulerTests()
    {
        _store = new MemoryCheckpointStore(_time);
        var options = Options.Create(new SchedulerOptions { PublishRetries = 0, CheckpointIntervalMs = 1_000, TermRetrySeconds = 5 });
        _engine = new SchedulerEngine(null, new TestSchedules().For, _time, _metrics.Metrics, options, new CapturingLogger<SchedulerEngine>());
        _scheduler = new ElectedScheduler(_engine, _elector, _store, _publishers, _reader, _time, _metrics.Metrics, options, _logger);
    }

    private IEnumerable<DateTimeOffset> Instants(string job) =>
        _publishers.All.Where(f => f.Job == job).Select(f => f.ScheduledAt);

    [Fact]
    public async Task RunAsync_Elected_PublishesWithTheEpochAndCheckpoints()
    {
        Start(File(Job("a", "every 1s")));
        _elector.Grant(3);

        await AdvanceUntilAsync(() => _publishers.All.Count >= 3);

        Assert.All(_publishers.All, f => Assert.Equal(3, f.Epoch));
        Assert.NotEmpty(_store.Written);
        Assert.Equal(3, _store.Written[^1].Epoch);
        Assert.Equal(1, _metrics.Of(KafkaCronMetricsNames.SchedulerLeader)[^1].Value);
        Assert.Equal(3, _metrics.Of(KafkaCronMetricsNames.SchedulerEpoch)[^1].Value);
        Assert.Single(_logger.OfEvent(2210));
    }

    [Fact]
    public async Task RunAsync_CheckpointsTooLarge_SaidOnceWhilePublishingGoesOnAndOnceWhenWrittenAgain()
    {
        _store.WriteFailure = new CheckpointTooLargeException("the checkpoint lists 20000 jobs by name and encodes to 1200000 bytes, over the 1000000-byte limit");
        Start(File(Job("a", "every 1s")));
        _elector.Grant(1);
        await AdvanceUntilAsync(() => _publishers.All.Count >= 5);

        Assert.Empty(_store.Written);
        Assert.Contains("lists 20000 jobs by name", Assert.Single(_logger.OfEvent(2212)).Message, StringComparison.Ordinal);
        Assert.Empty(_logger.OfEvent(2208));

        _store.WriteFailure = null;
        await AdvanceUntilAsync(() => _logger.OfEvent(2213).Count == 1);
        Assert.NotEmpty(_store.Written);
        Assert.Single(_logger.OfEvent(2212));
    }

    [Fact]
    public async Task RunAsync_LeaderLostThenAnotherTerm_NoInstantIsLostOrRepeated()
    {
        var file = File(Job("all", "every 1s") with { MisfirePolicy = MisfirePolicy.FireAll }, Job("once", "every 1s"));
        Start(file);
        var first = _elector.Grant(1);
        await AdvanceUntilAsync(() => Instants("all").Count() >= 5);

        first.Lose("the ZooKeeper session ended");
        await WaitUntilAsync(() => _elector.Campaigns == 2);
        Assert.True(_publishers.Opened[0].Abandoned);
        Assert.Equal(0, _metrics.Of(KafkaCronMetricsNames.SchedulerLeader)[^1].Value);
        var lastOfFirst = Instants("all").Max();
        _time.Advance(5 * S);

        // The read-back finds what the first term published (the fake reads all of it).
        var published = new PublishedFires();
        foreach (var fire in _publishers.All)
        {
            published.Add(fire);
        }

        _reader.Next = published;
        _elector.Grant(2);
        await AdvanceUntilAsync(() => Instants("all").Max() >= lastOfFirst + (8 * S));

        var all = Instants("all").ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => T0 + (i * S)), all);
        var once = Instants("once").ToList();
        Assert.Equal(once.Count, once.Distinct().Count());
        // fireOnce: the five (or six, as the loss fell within a second) instants without a leader fold into one fire
        // of the latest of them.
        Assert.InRange(Assert.Single(once.Zip(once.Skip(1), (a, b) => b - a), gap => gap > S).TotalSeconds, 5, 6);
        Assert.Contains(_store.Written, c => c.Epoch == 2);
        // The second term reads back from the offsets of the first term's last checkpoint.
        Assert.Single(_reader.Requests[1]);
    }

    [Fact]
    public async Task RunAsync_RefusedCheckpoint_PublishesNothingUntilItIsFixed()
    {
        _store.ReadFailure = new CheckpointRejectedException("the checkpoint in ZooKeeper node /kcron/test/checkpoint cannot be used: invalid JSON");
        Start(File(Job("a", "every 1s")));
        _elector.Grant(1);

        await AdvanceUntilAsync(() => _logger.OfEvent(2204).Count >= 2);
        Assert.Empty(_publishers.All);
        Assert.Empty(_publishers.Opened);
        Assert.DoesNotContain(_metrics.Of(KafkaCronMetricsNames.SchedulerLeader), m => m.Value == 1);
        Assert.Contains("invalid JSON", _logger.OfEvent(2204)[0].Message, StringComparison.Ordinal);

        _store.ReadFailure = null;
        await AdvanceUntilAsync(() => !_publishers.All.IsEmpty);
    }

    [Fact]
    public async Task RunAsync_LeaseLapsesWhilePaused_NothingMoreIsPublishedAndItCampaignsAgain()
    {
        Start(File(Job("a", "every 1s")));
        var term = _elector.Grant(1);
        await AdvanceUntilAsync(() => _publishers.All.Count >= 2);

        term.Provable = false;
        var before = _publishers.All.Count;
        _time.Advance(S);
        await WaitUntilAsync(() => _elector.Campaigns == 2);
        _time.Advance(5 * S);
        await Task.Delay(50);

        Assert.Equal(before, _publishers.All.Count);
        Assert.True(_publishers.Opened[0].Abandoned);
        Assert.Contains("lease lapsed", _logger.OfEvent(2203)[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Stopped_WritesALastCheckpointAndResigns()
    {
        Start(File(Job("a", "every 1s")));
        var term = _elector.Grant(1);
        await AdvanceUntilAsync(() => _publishers.All.Count >= 2);

        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(term.Resigned);
        // The last checkpoint's watermark covers the last fire published, with nothing pending.
        Assert.InRange(_store.Stored!.ScheduledUpTo, _publishers.All.Max(f => f.ScheduledAt), DateTimeOffset.MaxValue);
        Assert.Empty(_store.Stored.Pending);
        Assert.False(_publishers.Opened[0].Abandoned);
        Assert.True(_publishers.Opened[0].Disposed);
    }

    [Fact]
    public async Task RunAsync_ResumesFromTheStoredCheckpointAndReadsBackFromItsOffsets()
    {
        _store.Stored = new ScheduleCheckpoint
        {
            DeploymentId = "test",
            Epoch = 4,
            WrittenAt = T0 - (3 * S),
            ScheduledUpTo = T0 - (3 * S),
            LastFired = new Dictionary<string, DateTimeOffset> { ["a"] = T0 - (3 * S) },
            ReadBackFrom = [new("kcron.jobs.cluster-a", 0, 42)],
        };
        Start(File(Job("a", "every 1s") with { MisfirePolicy = MisfirePolicy.FireAll }));
        _elector.Grant(5);

        await AdvanceUntilAsync(() => Instants("a").Count() >= 4);

        Assert.Equal([T0 - (2 * S), T0 - S, T0, T0 + S], Instants("a").Take(4));
        Assert.Equal(new TopicPartitionPosition("kcron.jobs.cluster-a", 0, 42), Assert.Single(Assert.Single(_reader.Requests)));
        Assert.Single(_logger.OfEvent(2202));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _metrics.Dispose();
    }

    private void Start(JobFile file)
    {
        _engine.Apply(file);
        _run = Task.Run(() => _scheduler.RunAsync(_stop.Token));
    }

    /// <summary>Moves the fake clock in small steps, letting the loops run between steps, until the condition holds.</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "condition not met in time");
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(2);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "condition not met in time");
            await Task.Delay(5);
        }
    }
}
