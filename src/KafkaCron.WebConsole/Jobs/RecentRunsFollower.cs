using System.Collections.Concurrent;
using KafkaCron.Core.Leadership;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole.Jobs;

/// <summary>
/// Keeps each job's recent runs for the jobs list (<see cref="RecentRuns"/>) by following every cluster's runs topic
/// with <see cref="IRunFollower"/>, from <see cref="ConsoleOptions.HistoryWindowHours"/> before the follow began: each
/// record is read once, however many people look at the list and however often it refreshes. A request first asks
/// Kafka where the topic ends now and waits, within <see cref="ConsoleOptions.BackendTimeout"/>, until the follow has
/// read that far: the list is as fresh as a read of its own would be, and shows nothing Kafka does not hold.
/// </summary>
internal sealed class RecentRunsFollower(
    IRunFollower follower,
    JobCatalog catalog,
    Backends backends,
    IOptions<ConsoleOptions> options,
    TimeProvider time,
    ILogger<RecentRunsFollower> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>How long a follow that could not begin (Kafka down, the runs topic missing) waits before it asks again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, ClusterFollow> _clusters = new(StringComparer.Ordinal);
    private readonly Lock _starting = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    /// <summary>Begins following the job file's clusters at once, so the first look at the list finds them read.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var cluster in catalog.Current().Clusters)
        {
            Follow(cluster);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_clusters.Values.Select(c => c.Loop)).WaitAsync(cancellationToken);
    }

    /// <summary>Once: the container disposes it both as itself and as the hosted service.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(_clusters.Values.Select(c => c.Loop));
        foreach (var follow in _clusters.Values)
        {
            follow.Stop.Dispose();
        }

        _stopping.Dispose();
    }

    /// <returns>The cluster's recent runs, read up to where its runs topic ended when asked; and why they may not be, when so.</returns>
    public async Task<(RecentRuns Runs, string? Warning)> ReadAsync(string cluster, CancellationToken cancellationToken)
    {
        var follow = Follow(cluster);
        IReadOnlyList<TopicPartitionPosition> ends;
        try
        {
            ends = await backends.CallAsync(Backends.Kafka, ct => follower.MarkEndAsync(cluster, ct), cancellationToken);
        }
        catch (BackendUnavailableException ex)
        {
            return (follow.Runs, $"{ex.Message}; the last runs shown are those read before");
        }

        if (follow.LacksAny(ends))
        {
            follow = Restart(cluster, follow);
        }

        using var timeout = new CancellationTokenSource(backends.Timeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await follow.ReadUpToAsync(ends, deadline.Token);
            return (follow.Runs, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (follow.Runs, follow.Problem is { } problem
                ? $"the run history of {cluster} cannot be read: {problem}"
                : FormattableString.Invariant($"the run history of {cluster} is still being read ({follow.Records:N0} records so far): some last runs may be missing"));
        }
    }

    private ClusterFollow Follow(string cluster)
    {
        if (_clusters.TryGetValue(cluster, out var follow))
        {
            return follow;
        }

        lock (_starting)
        {
            return _clusters.TryGetValue(cluster, out follow) ? follow : _clusters[cluster] = Begin(cluster);
        }
    }

    /// <summary>The topic has partitions it lacked when the follow began (they were added): the follow begins again, from the window.</summary>
    private ClusterFollow Restart(string cluster, ClusterFollow stale)
    {
        lock (_starting)
        {
            if (_clusters.TryGetValue(cluster, out var current) && current != stale)
            {
                return current;
            }

            stale.Stop.Cancel();
            _ = stale.Loop.ContinueWith(_ => stale.Stop.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            ConsoleLog.FollowRestarted(logger, cluster);
            return _clusters[cluster] = Begin(cluster);
        }
    }

    private ClusterFollow Begin(string cluster)
    {
        var follow = new ClusterFollow(CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        follow.Loop = Task.Run(() => FollowAsync(cluster, follow, follow.Stop.Token), CancellationToken.None);
        return follow;
    }

    private async Task FollowAsync(string cluster, ClusterFollow follow, CancellationToken stopping)
    {
        var window = TimeSpan.FromHours(options.Value.HistoryWindowHours);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // After a failure it goes on from where it was: reading the window again would count runs twice.
                var from = follow.Positions() ?? await follower.MarkAtAsync(cluster, time.GetUtcNow() - window, stopping);
                follow.Began(from);
                ConsoleLog.Following(logger, cluster, from.Count);
                await foreach (var batch in follower.FollowAllAsync(from, stopping))
                {
                    follow.Apply(batch);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Anything else is a fault of ours, not Kafka's; it is logged with its trace, and the follow still goes
                // on: a follow that ended for good would leave the jobs list "still being read" until a restart.
                follow.Problem = ex.Message;
                if (ex is KafkaUnavailableException or Confluent.Kafka.KafkaException)
                {
                    ConsoleLog.FollowFailed(logger, cluster, ex.Message, RetryDelay.TotalSeconds);
                }
                else
                {
                    ConsoleLog.FollowFaulted(logger, ex, cluster, RetryDelay.TotalSeconds);
                }

                try
                {
                    await Task.Delay(RetryDelay, time, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One cluster's follow: its book and how far each partition is read.</summary>
    private sealed class ClusterFollow(CancellationTokenSource stop)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<int, long> _next = [];
        private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _records;
        private string? _topic;

        public RecentRuns Runs { get; } = new();

        public CancellationTokenSource Stop { get; } = stop;

        public Task Loop { get; set; } = Task.CompletedTask;

        /// <summary>Why the follow could not begin, while it could not.</summary>
        public string? Problem { get; set; }

        public long Records => Interlocked.Read(ref _records);

        public void Began(IReadOnlyList<TopicPartitionPosition> from)
        {
            Problem = null;
            _topic = from.Count > 0 ? from[0].Topic : null;
            Advance(from.Select(p => (p.Partition, p.Offset)));
        }

        /// <summary>How far each partition is read; null before the follow began.</summary>
        public IReadOnlyList<TopicPartitionPosition>? Positions()
        {
            lock (_gate)
            {
                return _topic is { } topic ? [.. _next.Select(p => new TopicPartitionPosition(topic, p.Key, p.Value))] : null;
            }
        }

        public void Apply(IReadOnlyList<FollowedRun> batch)
        {
            foreach (var followed in batch)
            {
                if (followed.Run is { } run)
                {
                    Runs.Apply(run);
                }
            }

            Interlocked.Add(ref _records, batch.Count(f => f.Run is not null));
            Advance(batch.Select(f => (f.Next.Partition, f.Next.Offset)));
        }

        /// <summary>Whether Kafka has partitions this follow does not read (once it has begun).</summary>
        public bool LacksAny(IReadOnlyList<TopicPartitionPosition> ends)
        {
            lock (_gate)
            {
                return _next.Count > 0 && ends.Any(e => !_next.ContainsKey(e.Partition));
            }
        }

        public async Task ReadUpToAsync(IReadOnlyList<TopicPartitionPosition> ends, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task progress;
                lock (_gate)
                {
                    if (ends.All(e => _next.TryGetValue(e.Partition, out var next) && next >= e.Offset))
                    {
                        return;
                    }

                    progress = _progress.Task;
                }

                await progress.WaitAsync(cancellationToken);
            }
        }

        private void Advance(IEnumerable<(int Partition, long Next)> positions)
        {
            TaskCompletionSource reached;
            lock (_gate)
            {
                foreach (var (partition, next) in positions)
                {
                    _next[partition] = Math.Max(next, _next.GetValueOrDefault(partition));
                }

                reached = _progress;
                _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            reached.TrySetResult();
        }
    }
}
