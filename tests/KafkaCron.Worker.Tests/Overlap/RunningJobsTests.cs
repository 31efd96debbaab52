using Confluent.Kafka;
using KafkaCron.Worker.Overlap;
using KafkaCron.Worker.Pipeline;

namespace KafkaCron.Worker.Tests.Overlap;

public sealed class RunningJobsTests
{
    private readonly RunningJobs _running = new();
    private readonly PartitionLease _p0 = new(new TopicPartition("kcron.jobs.c1", 0));
    private readonly PartitionLease _p1 = new(new TopicPartition("kcron.jobs.c1", 1));

    [Fact]
    public void TryBegin_AllowWhileRunning_RunsBoth()
    {
        Assert.NotNull(_running.TryBegin("a", OverlapPolicies.Allow, _p0, out _));
        Assert.NotNull(_running.TryBegin("a", OverlapPolicies.Allow, _p0, out var replaced));
        Assert.Empty(replaced);
    }

    [Fact]
    public void TryBegin_ForbidWhileRunning_Skips()
    {
        var first = _running.TryBegin("a", OverlapPolicies.Forbid, _p0, out _)!;

        Assert.Null(_running.TryBegin("a", OverlapPolicies.Forbid, _p0, out _));
        Assert.NotNull(_running.TryBegin("b", OverlapPolicies.Forbid, _p0, out _));

        _running.End(first);
        Assert.NotNull(_running.TryBegin("a", OverlapPolicies.Forbid, _p0, out _));
    }

    [Fact]
    public void TryBegin_ReplaceWhileRunning_ReturnsTheRunToStop()
    {
        var first = _running.TryBegin("a", OverlapPolicies.Replace, _p0, out _)!;

        var second = _running.TryBegin("a", OverlapPolicies.Replace, _p0, out var replaced);

        Assert.NotNull(second);
        Assert.Same(first, Assert.Single(replaced));
        first.Replace();
        Assert.True(first.StopToken.IsCancellationRequested);
        Assert.True(first.Replaced);
        Assert.False(first.Ended.IsCompleted);
        _running.End(first);
        Assert.True(first.Ended.IsCompletedSuccessfully);
    }

    [Theory]
    [InlineData(OverlapPolicies.Allow)]
    [InlineData(OverlapPolicies.Forbid)]
    [InlineData(OverlapPolicies.Replace)]
    public void TryBegin_AfterTheLeaseWasRevoked_RegistersNothing(string policy)
    {
        _p0.Revoke();
        Assert.Empty(_running.StopOnRevoke(_p0));

        // A stage that checked the lease before the revoke and reaches TryBegin after it must not start a run that
        // the revoke could no longer stop: it would overlap the partition's next owner.
        Assert.Null(_running.TryBegin("a", policy, _p0, out var replaced));
        Assert.Empty(replaced);
        Assert.NotNull(_running.TryBegin("a", policy, _p1, out _));
    }

    [Fact]
    public void StopOnRevoke_OnlyForbidAndReplaceRunsOfThatLease()
    {
        var forbid = _running.TryBegin("a", OverlapPolicies.Forbid, _p0, out _)!;
        var replace = _running.TryBegin("b", OverlapPolicies.Replace, _p0, out _)!;
        _running.TryBegin("c", OverlapPolicies.Allow, _p0, out _);
        _running.TryBegin("d", OverlapPolicies.Forbid, _p1, out _);

        Assert.Equal([forbid, replace], _running.StopOnRevoke(_p0).OrderBy(t => t.Job, StringComparer.Ordinal));
    }
}
