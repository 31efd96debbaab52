using System.Runtime.CompilerServices;
using KafkaCron.Core.Leadership;
using KafkaCron.Core.Runs;
using KafkaCron.Testing;
using KafkaCron.WebConsole.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KafkaCron.WebConsole.Tests.Jobs;

public sealed class RecentRunsFollowerTests
{
    private const string Cluster = "cluster-a";

    [Fact]
    public async Task ReadAsync_FollowFailedWithAFaultThatIsNotKafkas_FollowsAgainAndShowsTheRun()
    {
        var time = new FakeTimeProvider(JobListTests.Now);
        var runs = new FailingOnceRunFollower();
        var options = Options.Create(new ConsoleOptions { Clusters = [Cluster], BackendTimeoutSeconds = 60 });
        await using var follower = new RecentRunsFollower(runs, new JobCatalog(options, time, NullLogger<JobCatalog>.Instance),
            new Backends(options), options, time, NullLogger<RecentRunsFollower>.Instance);

        await follower.StartAsync(CancellationToken.None);
        // The retry waits on the fake clock: move it on until the follow has begun again.
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(5));
            return runs.Follows >= 2;
        }, TimeSpan.FromSeconds(30), () => $"{runs.Follows} follow(s) begun");

        var (recent, warning) = await follower.ReadAsync(Cluster, CancellationToken.None);

        Assert.Null(warning);
        Assert.Equal(RunOutcomes.Succeeded, recent.Find("j")?.Last.Outcome);
    }

    /// <summary>A runs topic of one partition holding one run; its first follow fails as a bug in our code would.</summary>
    private sealed class FailingOnceRunFollower : IRunFollower
    {
        private static readonly TopicPartitionPosition Start = new("kcron.runs.cluster-a", 0, 0);
        private static readonly TopicPartitionPosition End = Start with { Offset = 1 };

        private int _follows;

        public int Follows => Volatile.Read(ref _follows);

        public Task<IReadOnlyList<TopicPartitionPosition>> MarkEndAsync(string cluster, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TopicPartitionPosition>>([End]);

        public Task<IReadOnlyList<TopicPartitionPosition>> MarkAtAsync(string cluster, DateTimeOffset since, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TopicPartitionPosition>>([Start]);

        public IAsyncEnumerable<RunRecord> FollowAsync(IReadOnlyList<TopicPartitionPosition> from, string fireId, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the jobs list follows every record");

        public async IAsyncEnumerable<IReadOnlyList<FollowedRun>> FollowAllAsync(IReadOnlyList<TopicPartitionPosition> from,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _follows) == 1)
            {
                throw new InvalidOperationException("a fault of the console's own");
            }

            yield return [new FollowedRun(End, JobListTests.Run("j", RunOutcomes.Succeeded, 1))];
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
