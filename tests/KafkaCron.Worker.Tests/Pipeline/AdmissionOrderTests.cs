using KafkaCron.Core.Jobs;
using KafkaCron.Worker.Runs;
using static KafkaCron.Worker.Tests.Runs.TestMessages;

namespace KafkaCron.Worker.Tests.Pipeline;

/// <summary>
/// Admission depends on order: these run a backlog through the admission stage and eight concurrent job slots, many
/// times over. When admission was taken inside the slots, two slots could take a newer fire and the stale one after it
/// and admit them in either order, so a stale fire ran now and then (1–2 of 150 per run, seen by hand).
/// </summary>
public sealed class AdmissionOrderTests
{
    private const int Rounds = 40;
    private const int Pairs = 150;
    private const int Slots = 8;

    [Fact]
    public async Task RunAsync_EachNewerEpochFollowedByADeposedLeadersFire_NoStaleFireEverRuns()
    {
        for (var round = 0; round < Rounds; round++)
        {
            using var rig = new StageRig();
            var backlog = new List<FetchedMessage>();
            for (var i = 0; i < Pairs; i++)
            {
                // Fire i of term i + 2, then a fire of another job published late by the deposed term i + 1.
                backlog.Add(Fetched(Fire("current-" + i, epoch: i + 2), rig.Lease, backlog.Count));
                backlog.Add(Fetched(Fire("deposed-" + i, epoch: i + 1), rig.Lease, backlog.Count));
            }

            var attempts = await rig.RunAsync(backlog, Slots);

            for (var offset = 0; offset < backlog.Count; offset++)
            {
                var expected = offset % 2 == 0 ? AttemptEnd.Ran : AttemptEnd.StaleEpoch;
                Assert.True(attempts[offset].End == expected, $"round {round}: offset {offset} ended {attempts[offset].End}, expected {expected}");
            }

            Assert.Equal(Pairs, rig.Runner.Started.Count);
        }
    }

    [Fact]
    public async Task RunAsync_BacklogOfOneReplaceJob_OnlyTheNewestFireRunsToItsEnd()
    {
        for (var round = 0; round < Rounds; round++)
        {
            using var rig = new StageRig();
            var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
            var backlog = Enumerable.Range(0, Pairs)
                .Select(i => Fetched(Fire("replaced", policy: ConcurrencyPolicyNames.Replace, scheduledAt: start.AddMinutes(i)), rig.Lease, i))
                .ToList();

            var attempts = await rig.RunAsync(backlog, Slots);

            // A fire only ever replaces an older one, so the newest is never replaced; the older ones all are.
            Assert.Equal(AttemptEnd.Ran, attempts[Pairs - 1].End);
            Assert.All(Enumerable.Range(0, Pairs - 1), offset =>
                Assert.True(attempts[offset].End is AttemptEnd.Replaced or AttemptEnd.Ran, $"round {round}: offset {offset} ended {attempts[offset].End}"));
        }
    }
}
