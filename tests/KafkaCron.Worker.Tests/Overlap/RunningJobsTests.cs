using Confluent.Kafka;
using KafkaCron.Core.Jobs;
using KafkaCron.Worker.Overlap;
using KafkaCron.Worker.Runs;

namespace KafkaCron.Worker.Tests.Overlap;

public sealed class RunningJobsTests
{
    private readonly RunningJobs _running = new();
    private readonly PartitionLease _p0 = new(new TopicPartition("kcron.jobs.c1", 0));
    private readonly PartitionLease _p1 = new(new TopicPartition("kcron.jobs.c1", 1));

    [Fact]
    public void TryBegin_AllowWhileRunning_RunsBoth()
    {
        Assert.NotNull(_running.TryBegin("a", ConcurrencyPolicyNames.Allow, _p0, out _));
        Assert.NotNull(_running.TryBegin("a", ConcurrencyPolicyNames.Allow, _p0, out var replaced));
        Assert.Empty(replaced);
    }

    [Fact]
    public void TryBegin_ForbidWhileAdmittedOrRunning_Skips()
    {
        var first = _running.TryBegin("a", ConcurrencyPolicyNames.Forbid, _p0, out _)!;

        // Admitted but not started yet counts: fires are admitted in partition order, so the older one wins.
        Assert.Null(_running.TryBegin("a", ConcurrencyPolicyNames.Forbid, _p0, out _));
        Assert.True(_running.TryStart(first));
        Assert.Null(_running.TryBegin("a", ConcurrencyPolicyNames.Forbid, _p0, out _));
        Assert.NotNull(_running.TryBegin("b", ConcurrencyPolicyNames.Forbid, _p0, out _));

        _running.End(first);
        Assert.NotNull(_running.TryBegin("a", ConcurrencyPolicyNames.Forbid, _p0, out _));
    }

    [Fact]
    public void TryBegin_ReplaceWhileRunning_ReturnsTheRunToStop()
    {
        var first = _running.TryBegin("a", ConcurrencyPolicyNames.Replace, _p0, out _)!;
        Assert.True(_running.TryStart(first));

        var second = _running.TryBegin("a", ConcurrencyPolicyNames.Replace, _p0, out var replaced);

        Assert.NotNull(second);
        Assert.Same(first, Assert.Single(replaced));
        first.Replace();
        Assert.True(first.StopToken.IsCancellationRequested);
        Assert.True(first.Replaced);
        Assert.False(first.Ended.IsCompleted);
        _running.End(first);
        Assert.True(first.Ended.IsCompletedSuccessfully);
    }

    [Fact]
    public void TryBegin_ReplaceBeforeTheEarlierRunStarted_EndsItAtOnceAndItNeverStarts()
    {
        var first = _running.TryBegin("a", ConcurrencyPolicyNames.Replace, _p0, out _)!;

        var second = _running.TryBegin("a", ConcurrencyPolicyNames.Replace, _p0, out var replaced)!;

        Assert.Empty(replaced);
        Assert.True(first.Replaced);
        Assert.True(first.Ended.IsCompletedSuccessfully);
        Assert.False(_running.TryStart(first));
        Assert.True(_running.TryStart(second));
    }

    [Theory]
    [InlineData(ConcurrencyPolicyNames.Allow)]
    [InlineData(ConcurrencyPolicyNames.Forbid)]
    [InlineData(ConcurrencyPolicyNames.Replace)]
    public void TryBegin_AfterTheLeaseWasRevoked_RegistersNothing(string policy)
    {
        _p0.Revoke();
        Assert.Empty(_running.StopOnRevoke(_p0));

        Assert.Null(_running.TryBegin("a", policy, _p0, out var replaced));
        Assert.Empty(replaced);
        Assert.NotNull(_running.TryBegin("a", policy, _p1, out _));
    }

    [Fact]
    public void TryStart_AfterTheLeaseWasRevoked_DoesNotStart()
    {
        var ticket = _running.TryBegin("a", ConcurrencyPolicyNames.Forbid, _p0, out _)!;
        _p0.Revoke();
        Assert.Empty(_running.StopOnRevoke(_p0));

        // Admitted before the revoke, taken by a slot after it: it must not start a run the revoke could no longer
        // stop, which would overlap the partition's next owner.
        Assert.False(_running.TryStart(ticket));
        Assert.True(ticket.Ended.IsCompletedSuccessfully);
    }

    [Fact]
    public void StopOnRevoke_StartedForbidAndReplaceRunsOfThatLease_AndDropsItsUnstartedOnes()
    {
        var forbid = Started("a", ConcurrencyPolicyNames.Forbid, _p0);
        var replace = Started("b", ConcurrencyPolicyNames.Replace, _p0);
        Started("c", ConcurrencyPolicyNames.Allow, _p0);
        Started("d", ConcurrencyPolicyNames.Forbid, _p1);
        var waiting = _running.TryBegin("e", ConcurrencyPolicyNames.Forbid, _p0, out _)!;
        _p0.Revoke();

        Assert.Equal([forbid, replace], _running.StopOnRevoke(_p0).OrderBy(t => t.Job, StringComparer.Ordinal));
        Assert.True(waiting.Ended.IsCompletedSuccessfully);
        // The dropped run no longer holds its job on the partition's next lease.
        var next = new PartitionLease(_p0.Partition);
        Assert.NotNull(_running.TryBegin("e", ConcurrencyPolicyNames.Forbid, next, out _));
    }

    private RunTicket Started(string job, string policy, PartitionLease lease)
    {
        var ticket = _running.TryBegin(job, policy, lease, out _)!;
        Assert.True(_running.TryStart(ticket));
        return ticket;
    }
}
