using System.Text;
using Confluent.Kafka;
using KafkaCron.Core.Deduplication;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Runs;
using static KafkaCron.Worker.Tests.Runs.TestMessages;

namespace KafkaCron.Worker.Tests.Pipeline;

public sealed class AdmissionStageTests : IDisposable
{
    private readonly StageRig _rig = new();

    [Fact]
    public void Decide_OlderEpochAfterANewerOne_RefusesItAsStaleWithTheVerdict()
    {
        Assert.NotNull(_rig.Admission.Decide(Fetched(Fire("a", epoch: 8), _rig.Lease, 0)).Run);

        var decision = _rig.Admission.Decide(Fetched(Fire("b", epoch: 7), _rig.Lease, 1));

        Assert.Null(decision.Run);
        var attempt = decision.Ended!;
        Assert.Equal(AttemptEnd.StaleEpoch, attempt.End);
        Assert.Equal(8, attempt.Verdict!.Value.HighestEpoch);
        Assert.Equal("worker-1", attempt.WorkerId);
        Assert.Equal(1, attempt.Source.Offset.Value);
        Assert.Equal(MetricTags.ReasonStaleEpoch, Assert.Single(_rig.Metrics.Of("kcron.fires.skipped")).Tags[MetricTags.Reason]);
    }

    [Fact]
    public void Decide_SameScheduledRunPublishedTwice_RefusesTheSecondAsDuplicate()
    {
        var fire = Fire("a", epoch: 7);
        Assert.NotNull(_rig.Admission.Decide(Fetched(fire, _rig.Lease, 0)).Run);

        var decision = _rig.Admission.Decide(Fetched(fire with { FireId = "republished", Epoch = 8 }, _rig.Lease, 1));

        Assert.Equal(AttemptEnd.SkippedDuplicate, decision.Ended!.End);
        Assert.Equal(AdmissionOutcome.Duplicate, decision.Ended.Verdict!.Value.Outcome);
    }

    [Fact]
    public void Decide_RetriesOfOneFire_AreNeitherFilteredNorSkippedByForbid()
    {
        var retry = Fire("a", policy: ConcurrencyPolicyNames.Forbid) with { Attempt = 2 };

        Assert.NotNull(_rig.Admission.Decide(Fetched(retry, _rig.Lease, 0, FireQueue.Retry)).Run);
        Assert.NotNull(_rig.Admission.Decide(Fetched(retry, _rig.Lease, 1, FireQueue.Retry)).Run);
    }

    [Fact]
    public void Decide_Undecodable_EndsForTheDeadLetterTopicAndCountsIt()
    {
        var decision = _rig.Admission.Decide(Fetched(Encoding.UTF8.GetBytes("{not json"), _rig.Lease, 0));

        Assert.Equal(AttemptEnd.Undecodable, decision.Ended!.End);
        Assert.Null(decision.Ended.Fire);
        Assert.Equal(DecodeFailureReasons.InvalidJson, decision.Ended.Message.Decoded.Reason);
        Assert.Single(_rig.Metrics.Of("kcron.decode.failures"));
    }

    [Fact]
    public void Decide_TombstoneDecodedOnce_EndsAsUndecodableEmpty()
    {
        var decision = _rig.Admission.Decide(Fetched((byte[]?)null, _rig.Lease, 0));

        Assert.Equal(DecodeFailureReasons.Empty, decision.Ended!.Message.Decoded.Reason);
    }

    [Fact]
    public void Decide_ForbidWhileAnEarlierFireIsAdmitted_SkipsTheLaterOne()
    {
        Assert.NotNull(_rig.Admission.Decide(Fetched(Fire("a", policy: ConcurrencyPolicyNames.Forbid), _rig.Lease, 0)).Run);

        var decision = _rig.Admission.Decide(Fetched(Fire("a", policy: ConcurrencyPolicyNames.Forbid, scheduledAt: DateTimeOffset.UnixEpoch), _rig.Lease, 1));

        Assert.Equal(AttemptEnd.SkippedOverlap, decision.Ended!.End);
    }

    [Fact]
    public void Decide_ReplaceOfAFireNoSlotStarted_ReplacesTheOlderOne()
    {
        var older = _rig.Admission.Decide(Fetched(Fire("a", policy: ConcurrencyPolicyNames.Replace), _rig.Lease, 0)).Run!;

        var newer = _rig.Admission.Decide(Fetched(Fire("a", policy: ConcurrencyPolicyNames.Replace, scheduledAt: DateTimeOffset.UnixEpoch), _rig.Lease, 1)).Run!;

        Assert.True(older.Ticket.Replaced);
        Assert.False(newer.Ticket.Replaced);
        Assert.Empty(newer.Replaced);
    }

    [Fact]
    public void Decide_RevokedLeaseOrDraining_NotStarted()
    {
        var revoked = new PartitionLease(new TopicPartition("kcron.jobs.c1", 1));
        revoked.Revoke();
        Assert.Equal(default, _rig.Admission.Decide(Fetched(Fire("a"), revoked, 0)));

        _rig.Signals.BeginDraining();
        Assert.Equal(default, _rig.Admission.Decide(Fetched(Fire("b"), _rig.Lease, 0)));
    }

    [Fact]
    public void Decide_PartitionBackUnderANewLease_ForgetsWhatTheOldLeaseAdmitted()
    {
        var fire = Fire("a", epoch: 8);
        Assert.NotNull(_rig.Admission.Decide(Fetched(fire, _rig.Lease, 0)).Run);
        _rig.Lease.Revoke();

        // The fire was never committed, so the partition's next lease is given it again: it must run, not be a duplicate.
        var again = new PartitionLease(_rig.Lease.Partition);
        Assert.NotNull(_rig.Admission.Decide(Fetched(fire, again, 0)).Run);
        Assert.NotNull(_rig.Admission.Decide(Fetched(Fire("b", epoch: 7), again, 1)).Ended);
    }

    public void Dispose() => _rig.Dispose();
}
