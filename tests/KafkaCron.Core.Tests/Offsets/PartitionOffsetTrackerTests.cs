using KafkaCron.Core.Offsets;

namespace KafkaCron.Core.Tests.Offsets;

public sealed class PartitionOffsetTrackerTests
{
    [Fact]
    public void PendingCommit_NothingFetched_IsNull()
    {
        var tracker = new PartitionOffsetTracker();

        Assert.Null(tracker.PendingCommit);
        Assert.Equal(0, tracker.Unfinished);
    }

    [Fact]
    public void PendingCommit_FetchedButUnfinished_IsNull()
    {
        var tracker = new PartitionOffsetTracker();
        tracker.Fetched(5);
        tracker.Fetched(6);

        Assert.Null(tracker.PendingCommit);
        Assert.Equal(2, tracker.Unfinished);
    }

    [Fact]
    public void PendingCommit_InOrderCompletion_IsOnePastLastFinished()
    {
        var tracker = new PartitionOffsetTracker();
        tracker.Fetched(0);
        tracker.Fetched(1);
        tracker.Fetched(2);

        tracker.Completed(0);
        Assert.Equal(1, tracker.PendingCommit);
        tracker.Completed(1);
        Assert.Equal(2, tracker.PendingCommit);
        tracker.Completed(2);
        Assert.Equal(3, tracker.PendingCommit);
    }

    [Fact]
    public void PendingCommit_LaterMessageFinishesFirst_WaitsForTheEarlierOne()
    {
        var tracker = new PartitionOffsetTracker();
        tracker.Fetched(10);
        tracker.Fetched(11);
        tracker.Fetched(12);

        tracker.Completed(12);
        tracker.Completed(11);
        Assert.Null(tracker.PendingCommit);

        tracker.Completed(10);
        Assert.Equal(13, tracker.PendingCommit);
        Assert.Equal(0, tracker.Unfinished);
    }

    [Fact]
    public void PendingCommit_HoleInTheMiddle_CommitsOnlyThePrefix()
    {
        var tracker = new PartitionOffsetTracker();
        for (var offset = 0; offset < 5; offset++)
        {
            tracker.Fetched(offset);
        }

        tracker.Completed(0);
        tracker.Completed(1);
        tracker.Completed(3);
        tracker.Completed(4);

        Assert.Equal(2, tracker.PendingCommit);
    }

    [Fact]
    public void PendingCommit_GapsInFetchedOffsets_IsOnePastTheLastFetchedOffsetOfThePrefix()
    {
        // Compaction removed 4..6 and a transaction marker sits at 8.
        var tracker = new PartitionOffsetTracker();
        tracker.Fetched(3);
        tracker.Fetched(7);
        tracker.Fetched(9);

        tracker.Completed(3);
        Assert.Equal(4, tracker.PendingCommit);

        tracker.Completed(9);
        Assert.Equal(4, tracker.PendingCommit);

        tracker.Completed(7);
        Assert.Equal(10, tracker.PendingCommit);
    }

    [Fact]
    public void PendingCommit_AfterMarkCommitted_IsNullUntilThePrefixGrows()
    {
        var tracker = new PartitionOffsetTracker();
        tracker.Fetched(0);
        tracker.Fetched(1);
        tracker.Completed(0);
        tracker.MarkCommitted(tracker.PendingCommit!.Value);

        Assert.Null(tracker.PendingCommit);
        Assert.Equal(1, tracker.Committed);

        tracker.Completed(1);
        Assert.Equal(2, tracker.PendingCommit);
    }

    [Fact]
    public void PendingCommit_FirstFetchedUnfinishedAfterCommit_StaysNull()
    {
        var tracker = new PartitionOffsetTracker();
        tracker.Fetched(0);
        tracker.Completed(0);
        tracker.MarkCommitted(1);
        tracker.Fetched(1);
        tracker.Fetched(2);
        tracker.Completed(2);

        Assert.Null(tracker.PendingCommit);
    }

    [Fact]
    public void Fetched_OffsetNotIncreasing_Throws()
    {
        var tracker = new PartitionOffsetTracker();
        tracker.Fetched(4);

        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.Fetched(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.Fetched(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.Fetched(-1));
    }

    [Fact]
    public void Completed_UnknownOrTwice_Throws()
    {
        var tracker = new PartitionOffsetTracker();
        tracker.Fetched(1);
        tracker.Completed(1);

        Assert.Throws<InvalidOperationException>(() => tracker.Completed(1));
        Assert.Throws<InvalidOperationException>(() => tracker.Completed(2));
    }

    [Fact]
    public void MarkCommitted_BehindCommitted_Throws()
    {
        var tracker = new PartitionOffsetTracker();
        tracker.MarkCommitted(5);

        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.MarkCommitted(4));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(1234)]
    [InlineData(98765)]
    public void PendingCommit_RandomFetchesAndCompletions_MatchesTheModel(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var tracker = new PartitionOffsetTracker();
            var model = new PrefixModel();
            var offset = (long)random.Next(0, 1000);
            var steps = random.Next(1, 120);
            for (var step = 0; step < steps; step++)
            {
                var action = random.Next(10);
                var unfinished = model.UnfinishedOffsets();
                if (action < 4 || unfinished.Count == 0)
                {
                    // Gaps of zero to three offsets, as compaction and transaction markers leave them.
                    offset += 1 + random.Next(0, 4);
                    tracker.Fetched(offset);
                    model.Fetched(offset);
                }
                else if (action < 9)
                {
                    var done = unfinished[random.Next(unfinished.Count)];
                    tracker.Completed(done);
                    model.Completed(done);
                }
                else if (tracker.PendingCommit is { } commit)
                {
                    tracker.MarkCommitted(commit);
                    model.Committed = commit;
                }

                Assert.Equal(model.PendingCommit(), tracker.PendingCommit);
                Assert.Equal(model.UnfinishedOffsets().Count, tracker.Unfinished);
            }
        }
    }

    [Fact]
    public void PendingCommit_ManyFinishedBehindOneSlowMessage_HoldsOnlyTheUnfinished()
    {
        var tracker = new PartitionOffsetTracker();
        tracker.Fetched(0);
        for (var offset = 1; offset <= 10_000; offset++)
        {
            tracker.Fetched(offset);
            tracker.Completed(offset);
        }

        Assert.Equal(1, tracker.Unfinished);
        Assert.Null(tracker.PendingCommit);

        tracker.Completed(0);
        Assert.Equal(10_001, tracker.PendingCommit);
    }

    /// <summary>The obvious, slow definition: walk the fetched offsets in order while they are finished.</summary>
    private sealed class PrefixModel
    {
        private readonly List<(long Offset, bool Finished)> _fetched = [];

        public long? Committed { get; set; }

        public void Fetched(long offset) => _fetched.Add((offset, false));

        public void Completed(long offset)
        {
            var index = _fetched.FindIndex(entry => entry.Offset == offset);
            _fetched[index] = (offset, true);
        }

        public List<long> UnfinishedOffsets() => _fetched.Where(e => !e.Finished).Select(e => e.Offset).ToList();

        public long? PendingCommit()
        {
            long? next = null;
            foreach (var (offset, finished) in _fetched)
            {
                if (!finished)
                {
                    break;
                }

                next = offset + 1;
            }

            return next is { } value && (Committed is null || value > Committed) ? value : null;
        }
    }
}
