using KafkaCron.Core.Deduplication;
using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Tests.Deduplication;

public sealed class FireAdmissionTests
{
    private const string Topic = "kcron.jobs.a";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static FireMessage Fire(string job, int second, long? epoch) => TestFires.FirstAttempt(job, T0.AddSeconds(second), epoch, "a");

    [Fact]
    public void Admit_NewFires_AreAdmitted()
    {
        var admission = new FireAdmission();

        Assert.True(admission.Admit(Topic, 0, Fire("a", 1, 1)).Admitted);
        Assert.True(admission.Admit(Topic, 0, Fire("a", 2, 1)).Admitted);
        Assert.True(admission.Admit(Topic, 0, Fire("b", 1, 1)).Admitted);
    }

    [Fact]
    public void Admit_SameJobAndInstantAgain_IsADuplicateEvenWithANewerEpochAndFireId()
    {
        var admission = new FireAdmission();
        admission.Admit(Topic, 0, Fire("a", 1, 1));

        var verdict = admission.Admit(Topic, 0, Fire("a", 1, 2));

        Assert.Equal(AdmissionOutcome.Duplicate, verdict.Outcome);
        Assert.Equal("a@2026-01-01T00:00:01.000Z", verdict.IdempotencyKey);
    }

    [Fact]
    public void Admit_ManualFireAtTheInstantOfAnAdmittedScheduledOne_IsAdmitted()
    {
        var admission = new FireAdmission();
        admission.Admit(Topic, 0, Fire("a", 1, 1));

        var manual = Fire("a", 1, epoch: null) with { Trigger = FireTriggers.Manual };

        Assert.True(admission.Admit(Topic, 0, manual).Admitted);
        // The same manual fire delivered twice is still one run.
        Assert.Equal(AdmissionOutcome.Duplicate, admission.Admit(Topic, 0, manual).Outcome);
    }

    [Fact]
    public void Admit_ManualFireAfterANewerEpochPublished_IsNotFencedAsStale()
    {
        var admission = new FireAdmission();
        admission.Admit(Topic, 0, Fire("a", 5, 4));

        var verdict = admission.Admit(Topic, 0, Fire("a", 6, epoch: null) with { Trigger = FireTriggers.Manual });

        Assert.True(verdict.Admitted);
        Assert.Equal(4, verdict.HighestEpoch);
    }

    [Fact]
    public void Admit_OlderEpochAfterANewerOneOnThePartition_IsStale()
    {
        var admission = new FireAdmission();
        admission.Admit(Topic, 0, Fire("a", 5, 4));

        var verdict = admission.Admit(Topic, 0, Fire("b", 6, 3));

        Assert.Equal(AdmissionOutcome.StaleEpoch, verdict.Outcome);
        Assert.Equal(4, verdict.HighestEpoch);
    }

    [Fact]
    public void Admit_OlderEpochOnAnotherPartition_IsAdmitted()
    {
        var admission = new FireAdmission();
        admission.Admit(Topic, 0, Fire("a", 5, 4));

        Assert.True(admission.Admit(Topic, 1, Fire("b", 6, 3)).Admitted);
        Assert.True(admission.Admit("kcron.jobs.b", 0, Fire("b", 6, 3)).Admitted);
    }

    [Fact]
    public void Admit_StaleFire_IsNotRemembered()
    {
        var admission = new FireAdmission();
        admission.Admit(Topic, 0, Fire("x", 1, 5));
        admission.Admit(Topic, 0, Fire("a", 7, 4));
        admission.Forget(Topic, 0);

        // Had the stale fire been remembered, its republication by the new term would look like a duplicate.
        Assert.True(admission.Admit(Topic, 0, Fire("a", 7, 5)).Admitted);
    }

    [Fact]
    public void Admit_FiresWithoutEpoch_AreNeverStale()
    {
        var admission = new FireAdmission();
        admission.Admit(Topic, 0, Fire("a", 1, 9));

        Assert.True(admission.Admit(Topic, 0, Fire("b", 2, null)).Admitted);
        Assert.Equal(AdmissionOutcome.Duplicate, admission.Admit(Topic, 0, Fire("b", 2, null)).Outcome);
    }

    [Fact]
    public void Admit_NewerEpoch_RaisesTheFence()
    {
        var admission = new FireAdmission();
        admission.Admit(Topic, 0, Fire("a", 1, 1));
        admission.Admit(Topic, 0, Fire("a", 2, 2));

        Assert.Equal(AdmissionOutcome.StaleEpoch, admission.Admit(Topic, 0, Fire("a", 3, 1)).Outcome);
        Assert.Equal(2, admission.Admit(Topic, 0, Fire("a", 4, 2)).HighestEpoch);
    }

    [Fact]
    public void Admit_BeyondTheWindow_OldestKeysAreForgotten()
    {
        var admission = new FireAdmission(keysPerPartition: 3);
        for (var second = 1; second <= 4; second++)
        {
            admission.Admit(Topic, 0, Fire("a", second, 1));
        }

        Assert.True(admission.Admit(Topic, 0, Fire("a", 1, 1)).Admitted);
        Assert.Equal(AdmissionOutcome.Duplicate, admission.Admit(Topic, 0, Fire("a", 4, 1)).Outcome);
    }

    [Fact]
    public void Forget_Partition_DropsItsEpochAndKeys()
    {
        var admission = new FireAdmission();
        admission.Admit(Topic, 0, Fire("a", 1, 5));

        admission.Forget(Topic, 0);

        Assert.True(admission.Admit(Topic, 0, Fire("a", 1, 3)).Admitted);
    }

    [Fact]
    public void Constructor_ZeroKeys_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FireAdmission(0));

    [Fact]
    public void Admit_DuplicateFromALaterTerm_StillFencesTheEarlierTerm()
    {
        var admission = new FireAdmission();
        var scheduled = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
        var fire = Core.Tests.Messages.FireMessageCodecTests.Minimal() with { ScheduledAt = scheduled, Epoch = 7 };

        Assert.True(admission.Admit("t", 0, fire).Admitted);
        Assert.Equal(AdmissionOutcome.Duplicate, admission.Admit("t", 0, fire with { FireId = "again", Epoch = 8 }).Outcome);
        var late = admission.Admit("t", 0, fire with { FireId = "late", ScheduledAt = scheduled.AddDays(1), Epoch = 7 });

        Assert.Equal(AdmissionOutcome.StaleEpoch, late.Outcome);
        Assert.Equal(8, late.HighestEpoch);
    }
}
