using System.Collections.Concurrent;
using System.Text;
using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.Publishing;

namespace KafkaCron.Integration.Tests.Kafka.Publishing;

public sealed class PublishingLaneTests
{
    [Fact]
    public void Dispose_FiresAddedFromTwoThreads_EachHandedOverOnceAndEachThreadsInTheirOrder()
    {
        var handedOver = new ConcurrentQueue<OutgoingFire>();
        var first = Fires("a", 20_000);
        var second = Fires("b", 20_000);
        using (var lane = new PublishingLane(handedOver.Enqueue))
        {
            Parallel.Invoke(() => first.ForEach(lane.Add), () => second.ForEach(lane.Add));
        }

        Assert.Equal(first, handedOver.Where(fire => fire.Cluster == "a"));
        Assert.Equal(second, handedOver.Where(fire => fire.Cluster == "b"));
    }

    [Fact]
    public void Add_OneAtATimeWhileTheLaneSleepsBetween_EveryFireIsHandedOver()
    {
        // Each fire is added after the previous one was handed over, so the lane has gone to sleep (or is about to)
        // every time: a lost wake-up leaves a fire in the queue and the wait below runs out.
        using var handedOver = new SemaphoreSlim(0);
        using var lane = new PublishingLane(_ => handedOver.Release());
        foreach (var fire in Fires("a", 2_000))
        {
            lane.Add(fire);
            Assert.True(handedOver.Wait(TimeSpan.FromSeconds(10)), "a fire added to a sleeping lane was not handed over");
        }
    }

    private static List<OutgoingFire> Fires(string cluster, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new OutgoingFire(null, cluster, Encoding.UTF8.GetBytes($"job-{i}"), $"fire-{i}", NoOutcomes.Instance))];

    private sealed class NoOutcomes : IPublishOutcomes
    {
        public static NoOutcomes Instance { get; } = new();

        public void Report(OutgoingFire fire)
        {
        }
    }
}
